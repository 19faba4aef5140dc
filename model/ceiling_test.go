package model

import (
	"math"
	"testing"
)

// TestCeilingSeed: the seed's 70B on one A100 at batch 1 reads 140 GB
// per token at 2.039 TB/s: at most 14.6 tok/s, so its 30 tok/s is
// flagged, and kept.
func TestCeilingSeed(t *testing.T) {
	s := DefaultScenario()
	s.GPUsPerReplica = 1
	s.Sides[0].PinnedTokensPerSecond, s.Sides[1].PinnedTokensPerSecond = 30, 50
	c, _ := Compare(s)
	for i, want := range []float64{14.56, 23.92} {
		r := c.Results[i]
		if math.Abs(r.CeilingTokensPerSecond/want-1) > 0.01 || !r.PinAboveCeiling() || r.TokensPerSecond != s.Sides[i].PinnedTokensPerSecond {
			t.Errorf("side %d: ceiling %.2f (want %.2f), above %v, tok/s %.1f", i, r.CeilingTokensPerSecond, want, r.PinAboveCeiling(), r.TokensPerSecond)
		}
	}
}
