package cli

import (
	"strings"
	"testing"

	"infercost/model"
)

// --price ID=QUOTE prices a GPU at one of its published quotes (the date
// may be left off); the result says where each price comes from, and
// $/M output scales with the price alone.
func TestReportPriceByQuote(t *testing.T) {
	spot, err := model.LookupPriceQuote("h100", "runpod-spot")
	if err != nil {
		t.Fatal(err)
	}
	base := results(t, reportJSONOf(t))
	quoted := results(t, reportJSONOf(t, "--price", "h100=runpod-spot", "--price", "1=4.25"))
	if got := quoted[1]["usd_per_gpu_hour"]; got != spot.USDPerHour {
		t.Errorf("H100 at %v $/h, want the RunPod spot quote %v", got, spot.USDPerHour)
	}
	if quoted[1]["price_source"] != "RunPod spot, 2026-03" || quoted[1]["price_quote"] != spot.ID {
		t.Errorf("H100's price source %q, quote %q", quoted[1]["price_source"], quoted[1]["price_quote"])
	}
	if quoted[0]["price_source"] != model.PriceFromUserFigures || quoted[0]["price_quote"] != "" {
		t.Errorf("A100 at a typed $4.25: source %q, quote %q", quoted[0]["price_source"], quoted[0]["price_quote"])
	}
	if base[1]["price_source"] != "seed blog (its calculation)" {
		t.Errorf("the default H100 price's source is %q", base[1]["price_source"])
	}
	ratio := quoted[1]["usd_per_million_output_tokens"].(float64) / base[1]["usd_per_million_output_tokens"].(float64)
	if want := spot.USDPerHour / 4.5; ratio < want*0.999 || ratio > want*1.001 {
		t.Errorf("H100's $/M moved by %v at the spot price, want %v", ratio, want)
	}
	// A quote whose figure another shares is still the one named.
	tier := results(t, reportJSONOf(t, "--price", "h100=hyperscaler"))[1]
	if tier["price_quote"] != "hyperscaler-2026-05" || tier["price_source"] != "survey: hyperscalers, 2026-05" {
		t.Errorf("--price h100=hyperscaler: quote %q, source %q", tier["price_quote"], tier["price_source"])
	}
	md := runOK(t, "report", "--price", "h100=runpod-spot")
	if !strings.Contains(md, "| Price source | seed blog (its calculation) | RunPod spot, 2026-03 |") {
		t.Errorf("the Markdown table does not say where the prices come from:\n%s", md)
	}
}

func TestReportPriceQuoteRefusals(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--price", "h100=lambda"}, `--price h100=lambda: no quote for h100-sxm is named "lambda": accepted seed, coreweave-2024-02, runpod-2026-03`},
		{[]string{"--price", "h100=s"}, "more than one quote for h100-sxm"},
		{[]string{"--gpu", "a100-40gb", "--price", "a100-40gb=runpod"}, "no published price is shipped for a100-40gb-sxm: accepted a number from 0 to 1000"},
		{[]string{"--price", "h100=-3"}, "--price h100=-3: accepted 0 to 1000"},
		{[]string{"--price", "h100=1e400"}, "--price h100=1e400: accepted 0 to 1000"},
		{[]string{"--price", "h100=2,5"}, "--price h100=2,5: accepted 0 to 1000"}, // a number, badly written
		{[]string{"--price", "h100=$3/h"}, "--price h100=$3/h: accepted 0 to 1000"},
		{[]string{"--price", "h100="}, "--price h100=: accepted 0 to 1000"},
	} {
		code, out, errOut := runArgs(append([]string{"report"}, c.args...)...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and one line with %q", c.args, code, out, errOut, exitUsage, c.want)
		}
	}
}
