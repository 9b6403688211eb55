//go:build race

package corpus

// raceEnabled reports whether the tests run under the race detector, which
// slows single-threaded code ten times and checks nothing in it.
const raceEnabled = true
