package report

import (
	"fmt"
	"infercost/model"
	"infercost/model/advice"
	"math"
	"strconv"
	"strings"
)

// Export is a comparison laid out for a planning document: the shared
// workload, one row per compared GPU (the first is the baseline every
// other GPU is compared against) and the verdict of each pairing.
// Markdown and CSVRecords print the same figures, rounded by RoundFigure,
// so a table pasted from either agrees with the report's JSON; Markdown's
// dollars are rounded once from the unrounded figure, to cents as the
// explorer shows them (money).
type Export struct {
	// Scenario is the shared workload; its Sides are the first two rows'.
	Scenario model.Scenario
	Rows     []ExportRow
	// Verdicts[i-1] is the verdict of Rows[0] against Rows[i]; empty when
	// only one GPU is compared.
	Verdicts []model.Verdict
	// Load is the fleet-sizing target; the zero Load means none.
	Load model.Load
	// Recommendations[i-1] is the seed's practical recommendation for the
	// context of Rows[0] against Rows[i] (advice.Advise); empty when the
	// context cannot be asked.
	Recommendations []advice.Recommendation
}

// ExportRow is one compared GPU.
type ExportRow struct {
	Side model.Side
	// GPU is the catalog entry; for an unknown id only ID and Name (both
	// the id as given) are set.
	GPU      model.GPU
	Workload model.Workload // the workload as estimated (zero when Err is set)
	Result   model.Result   // zero when Err is set
	// Err is why the GPU cannot run the workload (FP8 on an A100, an
	// unknown id). The row then has no figures.
	Err error
	// Fleet is the sizing for Export.Load when HasFleet; FleetErr says why
	// a target was given but no fleet could be sized.
	Fleet    model.Fleet
	HasFleet bool
	FleetErr error
}

// MaxExportGPUs bounds the GPUs one export compares.
const MaxExportGPUs = 16

// NewExport estimates the workload of s on each of sides (s.Sides when
// sides is empty) and compares each with the first. load, when not zero,
// sizes a fleet per GPU. It returns an error only when the shared
// workload is invalid or sides is too long; a GPU that cannot run the
// workload gets a row with Err set.
func NewExport(s model.Scenario, sides []model.Side, load model.Load) (Export, error) {
	if len(sides) == 0 {
		sides = s.Sides[:]
	}
	if len(sides) > MaxExportGPUs {
		return Export{}, fmt.Errorf("%d GPUs: accepted 1 to %d", len(sides), MaxExportGPUs)
	}
	e := Export{Scenario: s, Load: load}
	e.Scenario.Sides = [2]model.Side{sides[0], sides[min(1, len(sides)-1)]}
	for i := range sides {
		pair := s
		pair.Sides = [2]model.Side{sides[0], sides[i]}
		c, err := model.Compare(pair)
		if err != nil {
			return Export{}, err
		}
		side := min(i, 1)
		e.Rows = append(e.Rows, newRow(pair, c, side, load))
		if i > 0 {
			e.Verdicts = append(e.Verdicts, c.Verdict)
			r, err := advice.Advise(pair, c, load)
			if err != nil {
				return Export{}, fmt.Errorf("context: %w", err)
			}
			e.Recommendations = append(e.Recommendations, r)
		}
	}
	return e, nil
}

// ExportComparison lays out an existing two-sided comparison of s (as
// the explorer holds it) without estimating again.
func ExportComparison(s model.Scenario, c model.Comparison, load model.Load) Export {
	e := Export{Scenario: s, Load: load, Verdicts: []model.Verdict{c.Verdict}}
	if r, err := advice.Advise(s, c, load); err == nil {
		e.Recommendations = []advice.Recommendation{r}
	}
	for i := range s.Sides {
		e.Rows = append(e.Rows, newRow(s, c, i, load))
	}
	return e
}

// Weights is the weight precision a row was estimated with: its side's
// own, else the scenario's.
func (e Export) Weights(r ExportRow) model.Precision {
	if r.Side.Weights != "" {
		return r.Side.Weights
	}
	return e.Scenario.Weights
}

// KV is the KV-cache precision a row was estimated with: its side's own,
// else the scenario's.
func (e Export) KV(r ExportRow) model.Precision {
	if r.Side.KV != "" {
		return r.Side.KV
	}
	return e.Scenario.KV
}

// Utilization is the utilization a row was costed at: its side's own,
// else the scenario's.
func (e Export) Utilization(r ExportRow) float64 {
	if r.Side.Utilization > 0 {
		return r.Side.Utilization
	}
	return e.Scenario.Utilization
}

// MarkdownSummary is NewExport(s, nil, Load{}).Markdown(): the summary
// the explorer copies to the clipboard and writes to a file.
func MarkdownSummary(s model.Scenario) (string, error) {
	e, err := NewExport(s, nil, model.Load{})
	if err != nil {
		return "", err
	}
	return e.Markdown(), nil
}

func newRow(s model.Scenario, c model.Comparison, i int, load model.Load) ExportRow {
	row := ExportRow{Side: s.Sides[i], Result: c.Results[i], Err: c.Errs[i]}
	g, w, err := s.Workload(i)
	switch {
	case err == nil:
		row.GPU = g
	case row.Err == nil:
		row.Err = err
	}
	if row.GPU.ID == "" {
		row.GPU = model.GPU{ID: s.Sides[i].GPU, Name: s.Sides[i].GPU}
	}
	if row.Err != nil {
		row.Result = model.Result{}
		return row
	}
	row.Workload = w
	if load != (model.Load{}) {
		row.Fleet, row.FleetErr = model.SizeFleetAtLoad(g, w, row.Result, load)
		row.HasFleet = row.FleetErr == nil
	}
	return row
}

// Label is row i's column heading: the GPU's name, with its price when
// the same GPU is compared more than once (spot against on-demand, say).
func (e Export) Label(i int) string {
	r := e.Rows[i]
	for j, o := range e.Rows {
		if j != i && o.GPU.Name == r.GPU.Name {
			// The same GPU twice: tell the columns apart by what differs.
			if e.Weights(o) != e.Weights(r) || e.KV(o) != e.KV(r) {
				return fmt.Sprintf("%s %s/%s", r.GPU.Name, strings.ToUpper(string(e.Weights(r))), strings.ToUpper(string(e.KV(r))))
			}
			return fmt.Sprintf("%s @ %s/h", r.GPU.Name, money(r.Side.USDPerGPUHour))
		}
	}
	return r.GPU.Name
}

// figureDigits is how many significant digits exported figures keep:
// enough to tell 41.84 from 41.8 ms and $23.15 from $23.1, not so many
// that a planning doc shows estimator noise.
const figureDigits = 4

// maxFigureDecimals bounds the decimals of tiny figures.
const maxFigureDecimals = 9

// RoundFigure rounds x to four significant digits, never dropping
// integer digits (2964.7 -> 2965, 68.739 -> 68.74, 0.046321 -> 0.04632,
// 1234567.8 -> 1234568). NaN and infinities, which the estimator never
// returns for valid input, become 0 so that no output shows them.
func RoundFigure(x float64) float64 {
	if !model.Finite(x) || x == 0 {
		return 0
	}
	mag := int(math.Floor(math.Log10(math.Abs(x))))
	dec := min(max(figureDigits-1-mag, 0), maxFigureDecimals)
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', dec, 64), 64)
	if err != nil || r == 0 {
		return 0 // also turns -0 into 0
	}
	return r
}

// FormatFigure is RoundFigure printed the shortest way (no exponent).
func FormatFigure(x float64) string {
	return strconv.FormatFloat(RoundFigure(x), 'f', -1, 64)
}

// Figure units for export.
const (
	msPerSecond = 1e3
	bytesPerGB  = 1e9 // decimal gigabytes, as GPU datasheets count memory
)

// TPOTMillis and the helpers below convert a Result's figures to the
// units every export shows.
func (r ExportRow) TPOTMillis() float64 { return r.Result.TPOTSeconds * msPerSecond }

// TTFTMillis is the time to first token in milliseconds.
func (r ExportRow) TTFTMillis() float64 { return r.Result.TTFTSeconds * msPerSecond }

// FreeGB is the memory per GPU left after weights and KV cache, in GB;
// 0 when the workload does not fit (ShortfallGB says by how much).
func (r ExportRow) FreeGB() float64 { return math.Max(r.Result.FreeBytesPerGPU, 0) / bytesPerGB }

// ShortfallGB is the memory missing per GPU, in GB; 0 when it fits.
func (r ExportRow) ShortfallGB() float64 { return r.Result.ShortfallBytes / bytesPerGB }

// ThroughputSource is "pinned" for the user's own tokens/s, else
// "estimated".
func (r ExportRow) ThroughputSource() string {
	if r.Result.Pinned {
		return "pinned"
	}
	return "estimated"
}

// money prints dollars for Markdown: model.FormatUSD, rounded once from
// the unrounded figure, as the explorer rounds it.
func money(x float64) string { return model.FormatUSD(x) }

// groupThousands puts commas in the integer part of a decimal string.
func groupThousands(s string) string { return model.GroupThousands(s) }

// PriceSource says where the row's price per GPU-hour comes from: a
// published quote with its date, the user's GPU file, an illustrative
// default, or the user's own figure (model.PriceSource).
func (r ExportRow) PriceSource() string { return model.PriceSource(r.GPU, r.Side) }

// PriceQuote is the id of the published quote the row's price is
// (model.PriceQuotes), "" for any other price.
func (r ExportRow) PriceQuote() string {
	q, _ := model.QuoteOf(r.GPU, r.Side)
	return q.ID
}
