package model

import (
	"fmt"
	"strings"
)

// Precision is the numeric format of stored weights or KV-cache entries.
type Precision string

// Supported precisions. INT8 and INT4 are weight-only quantisation: the
// matrix multiplies still run in 16-bit after dequantisation.
const (
	FP16 Precision = "fp16"
	BF16 Precision = "bf16"
	FP8  Precision = "fp8"
	INT8 Precision = "int8"
	INT4 Precision = "int4"
)

// WeightPrecisions lists the accepted weight precisions in display order.
var weightPrecisions = [...]Precision{FP16, BF16, FP8, INT8, INT4}

// kvPrecisions lists the accepted KV-cache precisions.
var kvPrecisions = [...]Precision{FP16, BF16, FP8}

// WeightPrecisions returns the precisions accepted for weights (a copy).
func WeightPrecisions() []Precision { return append([]Precision(nil), weightPrecisions[:]...) }

// KVPrecisions returns the precisions accepted for the KV cache (a copy).
func KVPrecisions() []Precision { return append([]Precision(nil), kvPrecisions[:]...) }

// ParsePrecision accepts a weight precision name, case-insensitively.
func ParsePrecision(s string) (Precision, error) {
	p := Precision(strings.ToLower(strings.TrimSpace(s)))
	for _, q := range weightPrecisions {
		if p == q {
			return p, nil
		}
	}
	return "", fmt.Errorf("precision %q: accepted fp16, bf16, fp8, int8, int4", s)
}

// ParseKVPrecision accepts a KV-cache precision name, case-insensitively.
func ParseKVPrecision(s string) (Precision, error) {
	p := Precision(strings.ToLower(strings.TrimSpace(s)))
	for _, q := range kvPrecisions {
		if p == q {
			return p, nil
		}
	}
	return "", fmt.Errorf("kv precision %q: accepted fp16, bf16, fp8", s)
}

// BytesPerElement is the storage size of one value: 2 for fp16/bf16, 1 for
// fp8/int8, 0.5 for int4. Unknown precisions return 0.
func (p Precision) BytesPerElement() float64 {
	switch p {
	case FP16, BF16:
		return 2
	case FP8, INT8:
		return 1
	case INT4:
		return 0.5
	}
	return 0
}

// needsFP8 reports whether the format needs FP8 tensor cores.
func (p Precision) needsFP8() bool { return p == FP8 }

// computeIsFP8 reports whether matrix multiplies run on FP8 tensor cores.
// Weight-only INT8/INT4 dequantise to 16-bit before the multiply.
func (p Precision) computeIsFP8() bool { return p == FP8 }

// String returns the lower-case name.
func (p Precision) String() string { return string(p) }
