package main

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The node's kubelet endpoint address (every localkube node's InternalIP).
const hostIP = "127.0.0.1"

// pushStatus writes the pod's real status when it differs from what the API server has.
func (w *worker) pushStatus(ctx context.Context, pod *corev1.Pod) error {
	desired := w.desiredStatus(pod)
	if equality.Semantic.DeepEqual(pod.Status, desired) {
		return nil
	}
	updated := pod.DeepCopy()
	updated.Status = desired
	result, err := w.r.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{})
	if err == nil {
		w.observe(result)
	}
	return err
}

func (w *worker) desiredStatus(pod *corev1.Pod) corev1.PodStatus {
	st := *pod.Status.DeepCopy()
	c := pod.Spec.Containers[0]
	running := w.proc != nil
	if w.everStarted {
		st.Phase = corev1.PodRunning
	} else {
		st.Phase = corev1.PodPending
	}
	st.HostIP = hostIP
	st.HostIPs = []corev1.HostIP{{IP: hostIP}}
	st.PodIP = w.ip.String()
	st.PodIPs = []corev1.PodIP{{IP: w.ip.String()}}
	st.StartTime = &w.startTime
	ready := corev1.ConditionFalse
	if w.ready && running {
		ready = corev1.ConditionTrue
	}
	started := corev1.ConditionFalse
	if running {
		started = corev1.ConditionTrue
	}
	st.Conditions = setCondition(st.Conditions, corev1.PodReadyToStartContainers, corev1.ConditionTrue, w.startTime)
	st.Conditions = setCondition(st.Conditions, corev1.PodInitialized, corev1.ConditionTrue, w.startTime)
	st.Conditions = setCondition(st.Conditions, corev1.PodReady, ready, w.readySince)
	st.Conditions = setCondition(st.Conditions, corev1.ContainersReady, ready, w.readySince)
	cs := corev1.ContainerStatus{
		Name:         c.Name,
		Image:        c.Image,
		ImageID:      c.Image,
		Ready:        ready == corev1.ConditionTrue,
		Started:      ptr(started == corev1.ConditionTrue),
		RestartCount: w.restarts,
	}
	if running {
		cs.ContainerID = fmt.Sprintf("localkube://%s-%d", w.uid, w.restarts)
		cs.State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: w.started}}
	} else if w.waiting != nil {
		cs.State = corev1.ContainerState{Waiting: w.waiting.DeepCopy()}
	} else {
		cs.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}}
	}
	if w.lastTerm != nil {
		cs.LastTerminationState = corev1.ContainerState{Terminated: w.lastTerm.DeepCopy()}
	}
	st.ContainerStatuses = []corev1.ContainerStatus{cs}
	return st
}

// setCondition sets a condition, keeping its transition time when its status does not change.
func setCondition(conds []corev1.PodCondition, t corev1.PodConditionType, s corev1.ConditionStatus, since metav1.Time) []corev1.PodCondition {
	for i := range conds {
		if conds[i].Type == t {
			if conds[i].Status != s {
				conds[i].Status = s
				conds[i].LastTransitionTime = since
			}
			conds[i].Reason, conds[i].Message = "", ""
			return conds
		}
	}
	return append(conds, corev1.PodCondition{Type: t, Status: s, LastTransitionTime: since})
}

func ptr[T any](v T) *T { return &v }

func isConflict(err error) bool { return apierrors.IsConflict(err) }

func isGone(err error) bool { return apierrors.IsNotFound(err) }
