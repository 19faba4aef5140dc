package text

import (
	"slices"
	"testing"
)

func TestWrap(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"   ", 10, nil},
		{"one two three", 7, []string{"one two", "three"}},
		{"one  two   three", 20, []string{"one two three"}},
		{"--gpus-per-replica auto", 10, []string{"--gpus-per-replica", "auto"}},
		{"a100-80gb-sxm, h100-sxm", 15, []string{"a100-80gb-sxm,", "h100-sxm"}},
		{"µs é ü", 4, []string{"µs é", "ü"}}, // runes, not bytes
		{"世界 世界", 4, []string{"世界", "世界"}},   // wide cells count twice
	}
	for _, c := range cases {
		if got := Wrap(c.in, c.width); !slices.Equal(got, c.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

func TestClip(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer line", 6, "a lon…"},
		{"µµµµµµ", 3, "µµ…"},
		{"abc", 0, ""},
		{"abc", -1, ""},
	}
	for _, c := range cases {
		if got := Clip(c.in, c.width); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}
