package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// probeState follows one probe of the running container.
type probeState struct {
	probe     *corev1.Probe
	next      time.Time
	successes int32
	failures  int32
}

func newProbeState(p *corev1.Probe, started time.Time) probeState {
	if p == nil {
		return probeState{}
	}
	return probeState{probe: p, next: started.Add(time.Duration(p.InitialDelaySeconds) * time.Second)}
}

// runProbes runs the probes that are due: readiness decides Ready, liveness restarts a server that stopped answering.
func (w *worker) runProbes(ctx context.Context, pod *corev1.Pod, at time.Time) {
	c := pod.Spec.Containers[0]
	if w.readiness.probe == nil {
		w.setReady(true)
	} else if !at.Before(w.readiness.next) {
		ok := w.probe(ctx, w.readiness.probe, c)
		if w.readiness.record(ok, at) == 1 {
			w.setReady(true)
		} else if w.readiness.failures >= threshold(w.readiness.probe.FailureThreshold, 3) {
			w.setReady(false)
		}
	}
	if w.liveness.probe != nil && !at.Before(w.liveness.next) {
		ok := w.probe(ctx, w.liveness.probe, c)
		w.liveness.record(ok, at)
		if w.liveness.failures >= threshold(w.liveness.probe.FailureThreshold, 3) {
			w.logf("liveness probe failed %d times: restarting the server", w.liveness.failures)
			grace := int64(30)
			if pod.Spec.TerminationGracePeriodSeconds != nil {
				grace = *pod.Spec.TerminationGracePeriodSeconds
			}
			w.killContainer(time.Duration(grace) * time.Second)
			w.containerExited(time.Now())
		}
	}
}

// record counts a result; returns 1 when the success threshold was just reached.
func (s *probeState) record(ok bool, at time.Time) int {
	s.next = at.Add(time.Duration(threshold(s.probe.PeriodSeconds, 10)) * time.Second)
	if ok {
		s.failures = 0
		s.successes++
		if s.successes >= threshold(s.probe.SuccessThreshold, 1) {
			return 1
		}
		return 0
	}
	s.successes = 0
	s.failures++
	return 0
}

func threshold(v, def int32) int32 {
	if v <= 0 {
		return def
	}
	return v
}

// probe runs one probe inside the pod's network namespace, as a kubelet reaches the pod.
func (w *worker) probe(ctx context.Context, p *corev1.Probe, c corev1.Container) bool {
	timeout := time.Duration(threshold(p.TimeoutSeconds, 1)) * time.Second
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	switch {
	case p.HTTPGet != nil:
		port, err := resolvePort(p.HTTPGet.Port, c)
		if err != nil {
			return false
		}
		client := http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true,
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				return dialInNetns(ctx, netnsPath(w.netns), net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), timeout)
			}}}
		resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d%s", port, p.HTTPGet.Path))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode >= 200 && resp.StatusCode < 400
	case p.TCPSocket != nil:
		port, err := resolvePort(p.TCPSocket.Port, c)
		if err != nil {
			return false
		}
		conn, err := dialInNetns(ctx, netnsPath(w.netns), net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), timeout)
		if err != nil {
			return false
		}
		conn.Close()
		return true
	case p.Exec != nil:
		args := append([]string{"netns", "exec", w.netns}, p.Exec.Command...)
		return exec.CommandContext(ctx, "ip", args...).Run() == nil
	}
	return false
}

func resolvePort(port intstr.IntOrString, c corev1.Container) (int, error) {
	if port.Type == intstr.Int {
		return port.IntValue(), nil
	}
	for _, p := range c.Ports {
		if p.Name == port.StrVal {
			return int(p.ContainerPort), nil
		}
	}
	return 0, fmt.Errorf("container %s has no port named %q", c.Name, port.StrVal)
}
