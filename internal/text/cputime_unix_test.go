//go:build unix

package text

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used so far (user and
// system, all threads), so a benchmark can report throughput per CPU
// second, which a busy machine does not distort as it does wall time.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
