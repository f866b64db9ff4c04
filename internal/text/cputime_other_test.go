//go:build !unix

package text

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
