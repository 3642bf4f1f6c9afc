package check

import (
	"bytes"
	"io"
	"os"
	"runtime/debug"
)

// Memory bound for big plans. A check keeps the decoded plan live until the
// rules have run (about 2x the JSON size on a generated 15k-instance plan
// at its peak, while loading and judging); with the default GOGC=100 the
// heap then grows to twice that before a collection, so peak RSS reached
// about 6x the file. A soft limit proportional to the input makes the
// collector run when the heap nears it instead. Since values share their
// cty types and the report is built from detached resources, 2.25x the plan
// leaves the collector enough room: at 15k instances peak RSS is 184 MB
// (3.4x) for 1.5 s of CPU (2.75x: 198 MB, about the same CPU); at 100k it
// is 0.86 GB (2.4x) for 14% more CPU than 2.75x (1.04 GB). Small plans are
// left alone (their RSS is the binary's own ~45 MB), and a GOMEMLIMIT or
// GOGC set by the user wins.
const (
	tunedPlanBytes  = 16 << 20 // below this total the default GC is fine
	memoryLimitBase = 24 << 20 // runtime, rule tables and report beside the plan
	// Heap allowed per byte of plan JSON, in quarters (2.25x): the decoded
	// plan plus a margin that keeps the collector from running back to back.
	memoryLimitQuartersPerByte = 9
)

// limitMemoryForPlans sets the soft memory limit from the plan files' sizes
// (process-wide, hence only from Main, never from tests).
func limitMemoryForPlans(plans []string, getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		return
	}
	var total int64
	for _, path := range plans {
		if size, ok := planJSONSize(path); ok {
			total += size
		}
	}
	if total < tunedPlanBytes {
		return
	}
	debug.SetMemoryLimit(memoryLimitBase + memoryLimitQuartersPerByte*total/4)
}

// planJSONSize is the size of a plan JSON file; stdin and binary plan files
// (whose JSON form is several times larger) are not counted, which only
// loosens the limit.
func planJSONSize(path string) (int64, bool) {
	if path == "-" {
		return 0, false
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0, false
	}
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil || bytes.Equal(head, []byte("PK\x03\x04")) {
		return 0, false
	}
	return st.Size(), true
}
