// Package serve shares the explorer over SSH with wish: one session per
// viewer with its own renderer, theme and scenario, key-only admission,
// limits (sessions, connection rate, idle and session time) and the
// meeting hub where one presenter leads and the others follow.
package serve
