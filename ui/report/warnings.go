package report

import (
	"fmt"
	"strconv"
)

// PinWarning flags a figure a user should not plan on: a pinned
// throughput above what physics allows is kept (a what-if) but named,
// with the ceiling in tok/s. "" when there is nothing to flag. Numbers
// are written out in full (10000000, not 1e+07).
func (r ExportRow) PinWarning() string {
	res := r.Result
	if r.Err != nil || !res.PinAboveCeiling() {
		return ""
	}
	return fmt.Sprintf("pinned %s tok/s is above the %.1f tok/s ceiling: reading the weights and KV cache at datasheet bandwidth "+
		"(and every FLOP at peak) on %d x %s at batch %d allows no more; cost and capacity use the pin, latency the estimate",
		strconv.FormatFloat(res.TokensPerSecond, 'f', -1, 64), res.CeilingTokensPerSecond, res.GPUsPerReplica, res.GPU.Name, res.Batch)
}

// FleetWarning says why a fleet target was given but no fleet could be
// sized for the row ("" when one was, or none was asked for).
func (r ExportRow) FleetWarning() string {
	if r.Err != nil || r.HasFleet || r.FleetErr == nil {
		return ""
	}
	return "no fleet sized: " + r.FleetErr.Error()
}

// mdPinWarning is PinWarning in fewer words, for a document whose table
// already names the GPUs per replica and the batch.
func (r ExportRow) mdPinWarning() string {
	if r.PinWarning() == "" {
		return ""
	}
	return "pinned " + mdFig(r.Result.TokensPerSecond) + " tok/s is above the " + fmt.Sprintf("%.1f", r.Result.CeilingTokensPerSecond) +
		" tok/s ceiling at datasheet figures; cost and capacity use the pin, latency the estimate"
}

// mdWarnings lists each row's warnings under the table, one line each,
// so a planning document keeps what the JSON's warnings and fleet errors
// say.
func (e Export) mdWarnings() string {
	var out string
	for i, r := range e.Rows {
		for _, w := range []string{r.mdPinWarning(), r.FleetWarning()} {
			if w != "" {
				out += "- ⚠ " + mdText(e.Label(i)) + ": " + mdText(w) + "\n"
			}
		}
	}
	if out == "" {
		return ""
	}
	return "\nWarnings:\n\n" + out
}
