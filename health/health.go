// Package health answers the questions a service manager, a container
// runtime or a load balancer asks of Kindred: is the process alive
// (/healthz), and is it doing its work (/readyz)?
package health

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"
)

// Check reports a problem with one part of Kindred, or nil.
type Check func(ctx context.Context) error

// Handler serves /healthz and /readyz. Both answer 200 with a JSON body
// naming each check and "ok", or 503 naming what failed. The body never
// carries an ID, a path or a token: the checks' errors are short words.
type Handler struct {
	// Live are the checks of /healthz: the process can serve (the store
	// answers). A failing one means restart it.
	Live map[string]Check
	// Ready are the checks of /readyz, with Live: Kindred is doing its
	// work (the gateway is connected, the scheduler ticked recently).
	Ready map[string]Check
	// Timeout bounds each check; 0 means 2 s.
	Timeout time.Duration
}

// ServeHTTP answers /healthz with the live checks and any other path
// (mount it at /readyz) with the live and ready checks.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	checks := map[string]Check{}
	for k, c := range h.Live {
		checks[k] = c
	}
	if r.URL.Path != "/healthz" {
		for k, c := range h.Ready {
			checks[k] = c
		}
	}
	timeout := h.Timeout
	if timeout == 0 {
		timeout = 2 * time.Second
	}
	names := make([]string, 0, len(checks))
	for k := range checks {
		names = append(names, k)
	}
	sort.Strings(names)
	status := http.StatusOK
	body := map[string]string{}
	for _, name := range names {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		err := checks[name](ctx)
		cancel()
		if err != nil {
			status = http.StatusServiceUnavailable
			body[name] = err.Error()
			continue
		}
		body[name] = "ok"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// Recent is a check that fails when last (when something last happened)
// is zero or older than within, as for a scheduler that stopped ticking.
func Recent(last func() time.Time, within time.Duration, now func() time.Time) Check {
	return func(context.Context) error {
		t := last()
		switch {
		case t.IsZero():
			return fmt.Errorf("not yet")
		case now().Sub(t) > within:
			return fmt.Errorf("stalled for %s", now().Sub(t).Round(time.Second))
		}
		return nil
	}
}

// Probe asks a Kindred listening at addr whether it is ready, as
// `kindred health` does for a container's HEALTHCHECK, and returns nil
// when it is.
func Probe(ctx context.Context, addr string) error {
	url := "http://" + addr + "/readyz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	var body map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return fmt.Errorf("health: %s answered %s without a health report", url, resp.Status)
	}
	if resp.StatusCode != http.StatusOK {
		var failing []string
		for k, v := range body {
			if v != "ok" {
				failing = append(failing, k+": "+v)
			}
		}
		sort.Strings(failing)
		return fmt.Errorf("health: not ready: %v", failing)
	}
	return nil
}
