package model

import (
	"fmt"
	"math"
)

// Load is a target demand: either output tokens per day, or requests per
// second (each of the workload's input and output length). Exactly one
// should be positive.
type Load struct {
	OutputTokensPerDay float64
	RequestsPerSecond  float64
}

// Fleet is how many replicas and GPUs a load needs and what they cost.
type Fleet struct {
	RequestsPerSecond float64 // the load in requests/s
	// ReplicaSecondsPerRequest is the replica time one request costs at
	// load: output tokens / serving output tok/s (its prompt's share of
	// the steps is already in that rate).
	ReplicaSecondsPerRequest float64
	Replicas                 int
	GPUs                     int
	USDPerMonth              float64 // Replicas x replica $/h x hoursPerMonth
	// Batch is the batch each replica runs at (see SizeFleetAtLoad).
	Batch int
}

const (
	secondsPerDay = 86400.0
	// hoursPerMonth is an average month: 8760 h / 12.
	hoursPerMonth = 730.0
)

// SizeFleet sizes the fleet for load so that each replica is busy the
// workload's utilization fraction of the time: replicas = ceil(requests/s
// x replica-seconds per request / utilization).
func SizeFleet(r Result, w Workload, l Load) (Fleet, error) {
	if !Finite(l.OutputTokensPerDay) || !Finite(l.RequestsPerSecond) || l.OutputTokensPerDay < 0 || l.RequestsPerSecond < 0 {
		return Fleet{}, fmt.Errorf("load: accepted non-negative tokens per day or requests per second")
	}
	if (l.OutputTokensPerDay > 0) == (l.RequestsPerSecond > 0) {
		return Fleet{}, fmt.Errorf("load: give exactly one of output tokens per day or requests per second")
	}
	if !r.Fits {
		return Fleet{}, fmt.Errorf("load: %s cannot hold the workload (short %.1f GB per GPU), so no fleet of it serves it", r.GPU.Name, r.ShortfallBytes/gb)
	}
	if r.TokensPerSecond <= 0 || w.OutputTokens <= 0 || w.Utilization <= 0 {
		return Fleet{}, fmt.Errorf("load: the estimate produces no tokens to size a fleet with")
	}
	f := Fleet{RequestsPerSecond: l.RequestsPerSecond}
	if l.OutputTokensPerDay > 0 {
		f.RequestsPerSecond = l.OutputTokensPerDay / secondsPerDay / float64(w.OutputTokens)
	}
	f.ReplicaSecondsPerRequest = float64(w.OutputTokens) / r.TokensPerSecond
	need := f.RequestsPerSecond * f.ReplicaSecondsPerRequest / w.Utilization
	if need > 1e9 {
		return Fleet{}, fmt.Errorf("load: needs more than a billion replicas; check the units")
	}
	f.Replicas = int(math.Ceil(need - 1e-9))
	f.Batch = r.Batch
	f.GPUs = f.Replicas * r.GPUsPerReplica
	f.USDPerMonth = float64(f.Replicas) * r.USDPerHour * hoursPerMonth
	return f, nil
}

// SizeFleetAtLoad sizes a fleet that serves at load: each replica runs the
// largest batch that fits (or the batch a latency target chose), on the
// replica size of r, whatever batch r was estimated at. A pinned
// throughput is the user's own measurement and is used as given. r is the
// estimate of w on g; the fleet's Batch says which batch it assumed.
func SizeFleetAtLoad(g GPU, w Workload, r Result, l Load) (Fleet, error) {
	if !r.Pinned && !w.HasTarget() && w.Batch != 0 {
		w.Batch, w.GPUsPerReplica = 0, r.GPUsPerReplica
		if atLoad, err := Estimate(g, w); err == nil && atLoad.Fits {
			r = atLoad
		}
	}
	return SizeFleet(r, w, l)
}
