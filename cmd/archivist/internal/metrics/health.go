package metrics

import (
	"encoding/json"
	"net/http"
	"time"

	"archivist/retrieval"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The values of health's Status and Gateway.
const (
	statusOK            = "ok"
	statusUnavailable   = "unavailable"
	gatewayConnected    = "connected"
	gatewayDisconnected = "disconnected"
)

// health is the body of GET /healthz.
type health struct {
	// Status is "ok" while the gateway is connected and the index loaded,
	// else "unavailable" (and the status code 503).
	Status string `json:"status"`
	// Gateway is "connected" or "disconnected".
	Gateway string `json:"gateway"`
	Index   struct {
		Loaded   bool `json:"loaded"`
		Articles int  `json:"articles"`
		Chunks   int  `json:"chunks"`
	} `json:"index"`
	// LastReload is the last index update, at start-up or by /reload;
	// null before the first one ends.
	LastReload *lastReload `json:"last_reload"`
}

// lastReload is when the last index update ended, and how.
type lastReload struct {
	Time    time.Time `json:"time"`
	Outcome string    `json:"outcome"` // ok or failed
}

// setGateway records the gateway's state.
func (h *health) setGateway(connected bool) {
	h.Gateway = gatewayDisconnected
	if connected {
		h.Gateway = gatewayConnected
	}
}

// reload records an index update that ended at t; a failed one leaves the
// index as it was.
func (h *health) reload(ok bool, outcome string, t time.Time, r retrieval.Report) {
	h.LastReload = &lastReload{Time: t.UTC(), Outcome: outcome}
	if ok {
		h.Index.Loaded = true
		h.Index.Articles, h.Index.Chunks = r.Articles, r.Chunks
	}
}

// snapshot returns the health as of now, with its Status set.
func (m *Metrics) snapshot() health {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.health
	if h.LastReload != nil {
		r := *h.LastReload
		h.LastReload = &r
	}
	h.Status = statusUnavailable
	if h.Gateway == gatewayConnected && h.Index.Loaded {
		h.Status = statusOK
	}
	return h
}

// Handler serves GET /healthz (200 with the health as JSON, or 503 while
// the gateway is down or the index not loaded) and GET /metrics (every
// metric in the Prometheus text format). Other paths are 404, other
// methods 405.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		h := m.snapshot()
		code := http.StatusOK
		if h.Status != statusOK {
			code = http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(h)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return mux
}
