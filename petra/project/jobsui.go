package project

import (
	"context"
	"net/http"

	"riverqueue.com/riverui"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/auth"
)

// JobsUIPath is where the runtime serves River's UI, to staff only, when
// jobs are on: the queue, each job with its arguments, errors and attempts,
// retries and cancellations.
const JobsUIPath = "/hello-petra/jobs/"

// jobsUI is River's UI over rt's jobs client as a project endpoint. River's
// handler routes by its own prefix, so it is mounted whole (petra.Handle),
// not behind a prefix that petra strips.
type jobsUI struct {
	handler *riverui.Handler
	stop    context.CancelFunc
}

func newJobsUI(rt *Runtime) (*jobsUI, error) {
	h, err := riverui.NewHandler(&riverui.HandlerOpts{
		Endpoints: riverui.NewEndpoints(rt.Jobs.River(), nil),
		Logger:    rt.Logger,
		Prefix:    JobsUIPath[:len(JobsUIPath)-1],
	})
	if err != nil {
		return nil, err
	}
	return &jobsUI{handler: h}, nil
}

// module serves the UI under [JobsUIPath] to staff.
func (ui *jobsUI) module() petra.Module {
	return petra.Module{Name: "jobs", Path: "/hello-petra/", Routes: []petra.Route{
		petra.Handle("jobs/*", http.Handler(ui.handler)).Named("jobs:ui").Permission(auth.IsStaff),
	}}
}

// start runs the UI's background services (its query cache) until stopped.
func (ui *jobsUI) start() error {
	ctx, cancel := context.WithCancel(context.Background())
	ui.stop = cancel
	return ui.handler.Start(ctx)
}
