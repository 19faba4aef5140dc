// Package sensitivity moves each assumption of a scenario across its
// range, one at a time, and reports how far each side's cost swings and
// whether the verdict turns (Of: a tornado chart's bars). It is a
// consumer of the estimator in package model, not part of it: standard
// library and infercost/model only, pure computation like model.
package sensitivity
