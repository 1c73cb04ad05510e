package project

import (
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/apilog"
	"github.com/go-petra/petra/petra/auth"
	"github.com/go-petra/petra/petra/db"
)

// endpoints returns the project endpoints rt serves beside petra's own
// status and route table (which the App mounts itself): the runtime's, one
// line each, then the app's.
func (rt *Runtime) endpoints(app []Endpoint) []petra.Module {
	var modules []petra.Module
	if rt.apiLog != nil {
		modules = append(modules, apilog.Module(rt.DB, db.DeriveKey([]byte(rt.Settings.JWT.Secret), "apilog cursor"), auth.IsStaff))
	}
	if rt.jobsUI != nil {
		modules = append(modules, rt.jobsUI.module())
	}
	for _, e := range app {
		modules = append(modules, e(rt))
	}
	return modules
}
