package discordtest

import "net/http"

// DropNext makes the next times requests matching method and pattern (see
// RequestsTo) fail as on the network: the fake closes the connection
// without answering, so the client's error is a *url.Error naming the
// URL it was sending to, token and channel included.
func (s *Server) DropNext(method, pattern string, times int) {
	s.Inject(method, pattern, Fault{Drop: true, Times: times})
}

// dropConnection closes the request's connection without a response.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// Not reachable with httptest's HTTP/1 server; answer something.
		http.Error(w, "dropped", http.StatusBadGateway)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	conn.Close()
}
