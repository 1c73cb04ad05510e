package petra

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Server returns an *http.Server that serves a on addr with limits that keep a
// slow or hostile client from holding the server: 5s to send the headers, the
// pace of [WithBodyTimeout] for the body (10s to start, then 500 bytes a
// second; 30s in all when the pace cannot be set), 60s to take the response,
// 120s idle, 64 KiB of headers. Options given with [WithServer] run last and
// may change any of it.
func (a *App) Server(addr string) *http.Server {
	srv := &http.Server{
		Addr:              addr,
		Handler:           a,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.settings.logger.Handler(), slog.LevelWarn),
	}
	for _, configure := range a.settings.server {
		configure(srv)
	}
	return srv
}

// Serve serves a on l until ctx is done, then shuts down gracefully: it stops
// accepting connections and waits for in-flight requests to finish, for at most
// the shutdown timeout ([WithShutdownTimeout]). It returns nil after a clean
// shutdown. An app that [App.Check] faults is not served: l is closed and the
// error returned.
func (a *App) Serve(ctx context.Context, l net.Listener) error {
	if err := a.Check(); err != nil {
		return errors.Join(err, l.Close())
	}
	srv := a.Server(l.Addr().String())
	srv.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.settings.logger.Info("petra: shutting down, waiting for in-flight requests",
		slog.Duration("timeout", a.settings.shutdownTimeout))
	shutdownCtx, cancel := context.WithTimeout(context.Background(), a.settings.shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}

// Run listens on addr and serves a until ctx is done or the process receives
// SIGINT or SIGTERM, then shuts down gracefully as [App.Serve] does.
func (a *App) Run(ctx context.Context, addr string) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	a.settings.logger.Info("petra: serving", slog.String("addr", "http://"+l.Addr().String()))
	return a.Serve(ctx, l)
}
