// Package metrics is Kindred's Prometheus instrumentation: what it counts,
// under which names, and the handler that serves them at /metrics.
//
// Labels never carry a user, server, channel or message ID, nor a token:
// a command's name, a delivery's kind, a REST route with its IDs replaced
// by placeholders, and an outcome word. A nil *Metrics records nothing, so
// packages take one without caring whether metrics are on.
package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds Kindred's collectors in a registry of its own, so tests
// can make as many as they like.
type Metrics struct {
	reg *prometheus.Registry

	interactions       *prometheus.CounterVec
	interactionLatency *prometheus.HistogramVec
	deliveries         *prometheus.CounterVec
	deliveryLateness   *prometheus.HistogramVec
	restRequests       *prometheus.CounterVec
	restLatency        *prometheus.HistogramVec
	restRateLimited    *prometheus.CounterVec
	gatewayConnected   prometheus.Gauge
	gatewayReconnects  prometheus.Counter
	queryLatency       *prometheus.HistogramVec
	tickDuration       prometheus.Histogram
	lastTick           prometheus.Gauge
}

// New makes the collectors and registers them with Go's runtime and
// process collectors.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	fast := []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}
	m.interactions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kindred_interactions_total",
		Help: "Interactions answered, by command and outcome (ok, error, reply_failed, refused).",
	}, []string{"command", "outcome"})
	m.interactionLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kindred_interaction_duration_seconds",
		Help:    "Time from an interaction's arrival to its reply, by command.",
		Buckets: fast,
	}, []string{"command"})
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kindred_deliveries_total",
		Help: "Scheduled deliveries attempted, by kind and outcome (sent, retry, unreachable, permanent, obsolete).",
	}, []string{"kind", "outcome"})
	m.deliveryLateness = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kindred_delivery_lateness_seconds",
		Help:    "How long after its due time a delivery was sent, by kind.",
		Buckets: []float64{.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800},
	}, []string{"kind"})
	m.restRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kindred_discord_requests_total",
		Help: "REST requests to Discord, by method, route (IDs as placeholders) and status class.",
	}, []string{"method", "route", "status"})
	m.restLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kindred_discord_request_duration_seconds",
		Help:    "REST request latency to Discord, by method and route.",
		Buckets: fast,
	}, []string{"method", "route"})
	m.restRateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kindred_discord_rate_limited_total",
		Help: "REST answers of 429 Too Many Requests, by method, route and scope (user, global, shared).",
	}, []string{"method", "route", "scope"})
	m.gatewayConnected = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "kindred_gateway_connected",
		Help: "1 while the gateway connection is up (every shard), else 0.",
	})
	m.gatewayReconnects = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "kindred_gateway_reconnects_total",
		Help: "Gateway connections made after the first (resumes and new sessions).",
	})
	m.queryLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kindred_store_query_duration_seconds",
		Help:    "SQLite transaction and query latency, by kind (read, write).",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5, 1},
	}, []string{"kind"})
	m.tickDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "kindred_scheduler_tick_duration_seconds",
		Help:    "How long one scheduler pass (plan and claim what is due) took.",
		Buckets: fast,
	})
	m.lastTick = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "kindred_scheduler_last_tick_timestamp_seconds",
		Help: "When the scheduler last finished a pass, as a Unix time.",
	})
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.interactions, m.interactionLatency, m.deliveries, m.deliveryLateness,
		m.restRequests, m.restLatency, m.restRateLimited,
		m.gatewayConnected, m.gatewayReconnects, m.queryLatency, m.tickDuration, m.lastTick,
	)
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Interaction records one answered interaction. command is the command's
// name or a component's routing key, never a custom ID's arguments.
func (m *Metrics) Interaction(command, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	if command == "" {
		command = "unknown"
	}
	m.interactions.WithLabelValues(command, outcome).Inc()
	m.interactionLatency.WithLabelValues(command).Observe(took.Seconds())
}

// Delivery records one attempt at a scheduled delivery; lateness is only
// observed for what was sent.
func (m *Metrics) Delivery(kind, outcome string, lateness time.Duration) {
	if m == nil {
		return
	}
	m.deliveries.WithLabelValues(kind, outcome).Inc()
	if outcome == "sent" {
		m.deliveryLateness.WithLabelValues(kind).Observe(max(lateness, 0).Seconds())
	}
}

// GatewayUp records whether every shard's gateway connection is up, and
// counts a reconnect (a shard's connection after its first).
func (m *Metrics) GatewayUp(up, reconnect bool) {
	if m == nil {
		return
	}
	if reconnect {
		m.gatewayReconnects.Inc()
	}
	if up {
		m.gatewayConnected.Set(1)
		return
	}
	m.gatewayConnected.Set(0)
}

// Query records one store transaction or query.
func (m *Metrics) Query(kind string, took time.Duration) {
	if m == nil {
		return
	}
	m.queryLatency.WithLabelValues(kind).Observe(took.Seconds())
}

// Tick records one scheduler pass ending at end.
func (m *Metrics) Tick(took time.Duration, end time.Time) {
	if m == nil {
		return
	}
	m.tickDuration.Observe(took.Seconds())
	m.lastTick.Set(float64(end.Unix()))
}

// Transport wraps next so that every REST request to Discord is counted
// by route and status, with 429s by scope.
func (m *Metrics) Transport(next http.RoundTripper) http.RoundTripper {
	if m == nil {
		return next
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		start := time.Now()
		resp, err := next.RoundTrip(req)
		route := Route(req.URL.Path)
		m.restLatency.WithLabelValues(req.Method, route).Observe(time.Since(start).Seconds())
		status := "error"
		if err == nil {
			status = strconv.Itoa(resp.StatusCode/100) + "xx"
			if resp.StatusCode == http.StatusTooManyRequests {
				scope := resp.Header.Get("X-RateLimit-Scope")
				if scope == "" {
					scope = "user"
				}
				m.restRateLimited.WithLabelValues(req.Method, route, scope).Inc()
			}
		}
		m.restRequests.WithLabelValues(req.Method, route, status).Inc()
		return resp, err
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Route turns a REST path into a label: the API prefix dropped, IDs
// replaced by {id}, and the token that follows an interaction's or a
// webhook's ID by {token}, so that no ID or secret reaches a label.
//
//	/api/v10/channels/123/messages/456 -> /channels/{id}/messages/{id}
//	/api/v10/webhooks/1/abcDEF/messages/@original -> /webhooks/{id}/{token}/messages/@original
func Route(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	// Drop "api" and a version ("v10") before the first resource.
	for len(parts) > 0 && (parts[0] == "api" || isVersion(parts[0])) {
		parts = parts[1:]
	}
	for i, p := range parts {
		switch {
		case isID(p):
			parts[i] = "{id}"
		case i >= 2 && parts[i-1] == "{id}" && (parts[i-2] == "webhooks" || parts[i-2] == "interactions"):
			parts[i] = "{token}"
		case len(p) > 40:
			parts[i] = "{token}" // nothing of Discord's is this long but a secret
		}
	}
	return "/" + strings.Join(parts, "/")
}

func isVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	_, err := strconv.Atoi(s[1:])
	return err == nil
}

func isID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
