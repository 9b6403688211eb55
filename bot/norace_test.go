//go:build !race

package bot

// raceEnabled is true when built with -race; the load test then allows
// more time, since the race detector slows everything down.
const raceEnabled = false
