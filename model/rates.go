package model

// The costs below are derived from an estimator's inputs once and reused:
// the target search evaluates hundreds of steps per estimate and a sweep
// a hundred estimates per slider step, while each cost depends on few of
// the inputs. Each cache holds until an input it derives from changes:
// the GPU, precisions and efficiencies never change on an estimator;
// whoever changes its model calls forget, its lengths forgetLengths.

// gpuRates are the GPU's effective rates for the workload's precisions
// and efficiencies.
type gpuRates struct {
	ok                            bool
	peak                          float64 // effective FLOP/s of one GPU
	bytesPerParam, weightRate     float64 // of the weights; effective bytes/s streaming them
	kvRate                        float64 // effective bytes/s streaming the KV cache, kvReadEfficiency aside
	stepOverhead, prefillOverhead float64
}

// shapeFigures are the model's figures, at the workload's precisions.
type shapeFigures struct {
	ok                           bool
	moe                          bool
	weightBytes, kvBytesPerToken float64
	streamed1, matmulParams      float64 // streamedParams(1), matmulParams()
	layers, hidden, attnWidth    float64
}

// replicaRates are the costs per parameter and token of a replica of tp
// GPUs.
type replicaRates struct {
	tp                                int // 0 = none
	t                                 float64
	weightRead, weightReadPerParam    float64
	matmulPerToken, attnPerContext    float64
	allReduce                         allReduceCost
	allReduceFixed, allReducePerToken float64
}

// stepCoef is step's per-token costs that depend on the lengths, on a
// replica of tp GPUs.
type stepCoef struct {
	tp                           int // 0 = none
	kvReadPerDecode              float64
	attnPerDecode, attnPerPrompt float64
	// promptAlone is a step of one prompt chunk alone, in flight; 0 =
	// not yet computed (ttftAtLoad computes it).
	promptAlone float64
}

// forget drops what depends on the model (after changing e.w.Model).
func (e *estimator) forget() { e.shape.ok, e.rates.tp, e.coef.tp = false, 0, 0 }

// forgetLengths drops what depends on the lengths (after changing
// e.w.InputTokens or OutputTokens).
func (e *estimator) forgetLengths() { e.coef.tp = 0 }

// gpuFigures returns the GPU's rates, computed on first use.
func (e *estimator) gpuFigures() *gpuRates {
	if !e.gpu.ok {
		e.computeGPU()
	}
	return &e.gpu
}

func (e *estimator) computeGPU() {
	e.gpu = gpuRates{ok: true, peak: e.peak(),
		bytesPerParam:   e.w.Weights.BytesPerElement(),
		weightRate:      e.g.BandwidthBytesPerSecond * e.w.Efficiency.weightBandwidth(e.w.Weights),
		kvRate:          e.g.BandwidthBytesPerSecond * e.w.Efficiency.kvBandwidth(),
		stepOverhead:    e.w.Efficiency.stepOverhead(e.w.Weights),
		prefillOverhead: e.w.Efficiency.prefillOverhead(),
	}
}

// shapeOf returns the model's figures, computed on first use.
func (e *estimator) shapeOf() *shapeFigures {
	if !e.shape.ok {
		e.computeShape()
	}
	return &e.shape
}

func (e *estimator) computeShape() {
	a := &e.w.Model
	e.shape = shapeFigures{ok: true, moe: a.IsMoE(),
		weightBytes: a.Params * e.w.Weights.BytesPerElement(), kvBytesPerToken: a.KVBytesPerToken(e.w.KV),
		streamed1: a.streamedParams(1), matmulParams: a.matmulParams(),
		layers: float64(a.Layers), hidden: float64(a.Hidden), attnWidth: a.attnWidth(),
	}
}

// ratesFor returns the rates of a replica of tp GPUs. While they are
// cached, so are the GPU's rates and the model's figures they build on.
func (e *estimator) ratesFor(tp int) *replicaRates {
	if e.rates.tp != tp {
		e.computeRates(tp)
	}
	return &e.rates
}

func (e *estimator) computeRates(tp int) {
	g, m, r := e.gpuFigures(), e.shapeOf(), &e.rates
	t := float64(tp)
	perParam := g.bytesPerParam / t / g.weightRate
	*r = replicaRates{tp: tp, t: t,
		weightRead: m.streamed1 * perParam, weightReadPerParam: perParam,
		matmulPerToken: 2 * m.matmulParams / t / g.peak,
		attnPerContext: m.layers * m.attnWidth / t / g.peak,
		allReduce:      e.w.Efficiency.allReduce(tp, allReduceLink(e.g, tp)),
	}
	r.allReduceFixed = m.allReduces(r, 0)
	r.allReducePerToken = m.allReduces(r, 1) - r.allReduceFixed
}

// coefFor returns the step coefficients on tp GPUs. While they are
// cached, so is everything ratesFor returns.
func (e *estimator) coefFor(tp int) *stepCoef {
	if e.coef.tp != tp || e.rates.tp != tp {
		e.computeCoef(tp)
	}
	return &e.coef
}

func (e *estimator) computeCoef(tp int) {
	r := e.ratesFor(tp)
	if e.coef.tp == tp {
		return
	}
	ctx := e.decodeContext()
	split := e.kvSplit(tp)
	kvPerToken := e.shape.kvBytesPerToken
	slice := ctx * kvPerToken / split / e.shape.layers * kvSliceScale(e.g, e.w.KV)
	e.coef = stepCoef{tp: tp,
		kvReadPerDecode: ctx * kvPerToken / split / (e.gpu.kvRate * kvReadEfficiency(slice)),
		attnPerDecode:   4 * ctx * r.attnPerContext, attnPerPrompt: 2 * float64(e.w.InputTokens) * r.attnPerContext,
	}
}
