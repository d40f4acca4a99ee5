package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

const (
	initialBackoff = 10 * time.Second
	maxBackoff     = 5 * time.Minute
	// A container that ran this long without failing starts its next back-off from the beginning.
	backoffReset = 10 * time.Minute
)

// worker is the kubelet of one pod: its sandbox, its one container, its probes and its status.
type worker struct {
	r               *podRuntime
	uid             types.UID
	namespace, name string

	mu       sync.Mutex
	pod      *corev1.Pod
	gone     bool
	stopping bool
	wake     chan struct{}

	ip        net.IP
	netns     string
	logDir    string
	startTime metav1.Time

	proc         *exec.Cmd
	procDone     chan struct{}
	pid          int // the running container's first process (guarded by mu, for exec); 0 when none runs
	exitCode     int
	started      metav1.Time
	everStarted  bool
	restarts     int32
	lastTerm     *corev1.ContainerStateTerminated
	backoff      time.Duration
	backoffUntil time.Time
	waiting      *corev1.ContainerStateWaiting

	ready      bool
	readySince metav1.Time
	readiness  probeState
	liveness   probeState
}

func newWorker(r *podRuntime, pod *corev1.Pod) *worker {
	return &worker{r: r, uid: pod.UID, namespace: pod.Namespace, name: pod.Name, pod: pod, wake: make(chan struct{}, 1),
		logDir: filepath.Join(r.cfg.Dir, "pods", fmt.Sprintf("%s_%s_%s", pod.Namespace, pod.Name, pod.UID))}
}

// observe hands the worker the pod as the API server has it now (nil: the pod is gone).
func (w *worker) observe(pod *corev1.Pod) {
	w.mu.Lock()
	if pod == nil {
		w.gone = true
	} else {
		w.pod = pod
	}
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *worker) shutdown() {
	w.mu.Lock()
	w.stopping = true
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// container is the running container's first process and the spec it was started with, for an exec into it.
func (w *worker) container() (int, string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.pid, filepath.Join(w.logDir, "container.json"), w.pid != 0
}

func (w *worker) snapshot() (*corev1.Pod, bool, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.pod.DeepCopy(), w.gone, w.stopping
}

func (w *worker) logf(format string, args ...any) {
	log.Printf("%s/%s: %s", w.namespace, w.name, fmt.Sprintf(format, args...))
}

func (w *worker) run(ctx context.Context) {
	pod, _, _ := w.snapshot()
	ip, err := w.r.net.allocate(string(w.uid), pod.Status.PodIP)
	if err != nil {
		w.logf("no address: %v", err)
		return
	}
	w.ip = ip
	w.netns = w.r.net.netnsName(string(w.uid))
	if err := w.r.net.createSandbox(string(w.uid), ip); err != nil {
		w.logf("creating the pod's network namespace: %v", err)
		w.r.net.release(string(w.uid))
		return
	}
	defer func() {
		w.r.hosts.forget(w.logDir)
		// The pod's own volumes (a ConfigMap's files, emptyDirs) go with it; its logs stay.
		_ = os.RemoveAll(filepath.Join(w.logDir, "volumes"))
		w.r.net.deleteSandbox(string(w.uid))
		w.r.net.release(string(w.uid))
	}()
	if err := os.MkdirAll(w.logDir, 0o755); err != nil {
		w.logf("log directory: %v", err)
	}
	w.startTime = now()
	if err := w.r.publishDebugging(ctx, pod, netnsPath(w.netns), w.logDir); err != nil {
		w.logf("port-forward and logs resources: %v", err)
	}
	w.logf("sandbox %s with IP %s on %s", w.netns, ip, pod.Spec.NodeName)
	for {
		pod, gone, stopping := w.snapshot()
		switch {
		case stopping || ctx.Err() != nil:
			w.stopContainer(5 * time.Second)
			return
		case gone:
			w.stopContainer(0)
			return
		case pod.DeletionTimestamp != nil:
			grace := int64(30)
			if pod.DeletionGracePeriodSeconds != nil {
				grace = *pod.DeletionGracePeriodSeconds
			} else if pod.Spec.TerminationGracePeriodSeconds != nil {
				grace = *pod.Spec.TerminationGracePeriodSeconds
			}
			w.logf("deleted: stopping the server (grace %ds)", grace)
			w.stopContainer(time.Duration(grace) * time.Second)
			w.r.finishDeletion(context.Background(), pod)
			return
		}
		w.step(ctx, pod)
		if err := w.pushStatus(ctx, pod); err != nil && ctx.Err() == nil && !isConflict(err) && !isGone(err) {
			w.logf("status: %v", err)
		}
		select {
		case <-ctx.Done():
		case <-w.wake:
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// step starts, restarts or probes the container.
func (w *worker) step(ctx context.Context, pod *corev1.Pod) {
	now := time.Now()
	if w.proc != nil {
		select {
		case <-w.procDone:
			w.containerExited(now)
		default:
			w.runProbes(ctx, pod, now)
			return
		}
	}
	if now.Before(w.backoffUntil) {
		return
	}
	if !w.r.hosts.resolves(pod, w.ip.String()) {
		w.waiting = &corev1.ContainerStateWaiting{Reason: "ContainerCreating", Message: "waiting for the pod's DNS name " + fqdn(pod)}
		return
	}
	if err := w.startContainer(ctx, pod); err != nil {
		w.waiting = &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError", Message: err.Error()}
		w.backoffUntil = now.Add(5 * time.Second)
		w.logf("cannot start: %v", err)
	}
}

func (w *worker) startContainer(ctx context.Context, pod *corev1.Pod) error {
	if len(pod.Spec.Containers) != 1 {
		return fmt.Errorf("localkube's runtime runs pods of one container; this one has %d", len(pod.Spec.Containers))
	}
	c := pod.Spec.Containers[0]
	withIP := pod.DeepCopy()
	withIP.Status.PodIP = w.ip.String()
	cmd, err := w.r.containerCommand(ctx, withIP, c, w.netns, w.logDir)
	if err != nil {
		return err
	}
	current := filepath.Join(w.logDir, c.Name+".log")
	if w.everStarted {
		_ = os.Rename(current, filepath.Join(w.logDir, c.Name+".previous.log"))
	}
	logFile, err := openCRILog(current)
	if err != nil {
		return err
	}
	stdout, err := logFile.stream("stdout")
	if err != nil {
		logFile.close()
		return err
	}
	stderr, err := logFile.stream("stderr")
	if err != nil {
		stdout.Close()
		logFile.close()
		return err
	}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Start()
	// The child has its own copies; ours must go so the log sees the end of the output.
	stdout.Close()
	stderr.Close()
	if err != nil {
		logFile.close()
		return fmt.Errorf("starting %s: %w", cmd.Path, err)
	}
	done := make(chan struct{})
	go func() {
		err := cmd.Wait()
		logFile.close()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
			if code < 0 {
				code = 137
			}
		}
		w.mu.Lock()
		w.exitCode = code
		w.pid = 0
		w.mu.Unlock()
		close(done)
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}()
	if w.everStarted {
		w.restarts++
	}
	w.proc, w.procDone, w.everStarted = cmd, done, true
	w.mu.Lock()
	w.pid = cmd.Process.Pid
	w.mu.Unlock()
	w.started = now()
	w.waiting = nil
	w.setReady(false)
	w.readiness = newProbeState(c.ReadinessProbe, time.Now())
	w.liveness = newProbeState(c.LivenessProbe, time.Now())
	w.logf("started %s (pid %d, restart %d)", c.Name, cmd.Process.Pid, w.restarts)
	return nil
}

// containerExited records how the server ended and when it may start again (CrashLoopBackOff).
func (w *worker) containerExited(at time.Time) {
	w.mu.Lock()
	code := w.exitCode
	w.mu.Unlock()
	reason := "Error"
	if code == 0 {
		reason = "Completed"
	}
	w.lastTerm = &corev1.ContainerStateTerminated{ExitCode: int32(code), Reason: reason, StartedAt: w.started, FinishedAt: now()}
	if at.Sub(w.started.Time) > backoffReset {
		w.backoff = 0
	}
	if w.backoff == 0 {
		w.backoff = initialBackoff
	} else if w.backoff *= 2; w.backoff > maxBackoff {
		w.backoff = maxBackoff
	}
	w.backoffUntil = at.Add(w.backoff)
	w.waiting = &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff",
		Message: fmt.Sprintf("back-off %s restarting failed container (exit code %d)", w.backoff, code)}
	w.proc = nil
	w.setReady(false)
	w.logf("server exited with code %d; restarting in %s", code, w.backoff)
}

// stopContainer stops the server like a kubelet: SIGTERM, then SIGKILL after the grace period.
func (w *worker) stopContainer(grace time.Duration) {
	if w.proc == nil {
		return
	}
	w.killContainer(grace)
	w.proc = nil
	w.setReady(false)
}

// killContainer signals the server and waits until it has exited; the caller records the exit.
func (w *worker) killContainer(grace time.Duration) {
	pgid := w.proc.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-w.procDone:
	case <-time.After(grace):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-w.procDone
	}
}

func (w *worker) setReady(ready bool) {
	if w.ready != ready {
		w.ready = ready
		w.readySince = now()
	}
}

func now() metav1.Time {
	return metav1.NewTime(time.Now().Truncate(time.Second))
}
