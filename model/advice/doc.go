// Package advice checks the seed blog's advice against a scenario's
// numbers: its practical_recommendation for a deployment context
// (Advise), and its "when H100 wins / when A100 wins" entries and
// headline figures, each judged (CheckClaims). It is a consumer of the
// estimator in package model, not part of it: standard library and
// infercost/model only, pure computation like model.
package advice
