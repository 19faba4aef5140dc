// Package calibration fits the estimator's Engine to a benchmark the user
// ran (Calibrate): the bandwidth and compute factors and overheads a
// Measurement determines, refusing a figure past the datasheet's Ceiling
// with a *BeyondPhysicsError. It is a consumer of the estimator in package
// model, not part of it: standard library and infercost/model only, pure
// computation like model.
package calibration
