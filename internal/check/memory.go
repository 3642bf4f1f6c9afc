package check

import (
	"bytes"
	"io"
	"os"
	"runtime/debug"
)

// Memory bound for big plans. A check keeps the decoded plan live until the
// report is built (about 2.5x the JSON size on a generated 15k-instance
// plan); with the default GOGC=100 the heap then grows to twice that before
// a collection, so peak RSS reached about 6x the file. A soft limit
// proportional to the input makes the collector run when the heap nears it
// instead: peak RSS falls to about 4x at 15k and 3.1x at 100k instances
// (324 -> 209-229 MB, 2.0 -> 1.1 GB) for 15-35% more CPU in the collector. Small plans are left alone (their RSS is the
// binary's own ~45 MB), and a GOMEMLIMIT or GOGC set by the user wins.
const (
	tunedPlanBytes  = 16 << 20 // below this total the default GC is fine
	memoryLimitBase = 24 << 20 // runtime, rule tables and report beside the plan
	// Heap allowed per byte of plan JSON, in quarters (2.75x): the decoded
	// plan plus a margin that keeps the collector from running back to back.
	memoryLimitQuartersPerByte = 11
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
