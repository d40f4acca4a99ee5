package main

import (
	"context"
	"path/filepath"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	portForwards = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "portforwards"}
	podLogs      = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "logs"}
)

// publishDebugging tells KWOK's kubelet endpoint how to port-forward to the pod (a command that
// enters its network namespace) and where its container logs are, so that `kubectl port-forward`
// and `kubectl logs` work as on a real node. Both objects are owned by the pod: they go with it.
func (r *podRuntime) publishDebugging(ctx context.Context, pod *corev1.Pod, nsPath, logDir string) error {
	var forwards []any
	for _, c := range pod.Spec.Containers {
		for _, p := range c.Ports {
			port := strconv.Itoa(int(p.ContainerPort))
			forwards = append(forwards, map[string]any{
				"ports":   []any{int64(p.ContainerPort)},
				"command": []any{r.cfg.Self, "forward", nsPath, port},
			})
		}
	}
	var logs []any
	for _, c := range pod.Spec.Containers {
		logs = append(logs, map[string]any{
			"containers":       []any{c.Name},
			"logsFile":         filepath.Join(logDir, c.Name+".log"),
			"previousLogsFile": filepath.Join(logDir, c.Name+".previous.log"),
			"follow":           true,
		})
	}
	if len(forwards) > 0 {
		if err := r.apply(ctx, portForwards, "PortForward", pod, map[string]any{"forwards": forwards}); err != nil {
			return err
		}
	}
	return r.apply(ctx, podLogs, "Logs", pod, map[string]any{"logs": logs})
}

func (r *podRuntime) apply(ctx context.Context, gvr schema.GroupVersionResource, kind string, pod *corev1.Pod, spec map[string]any) error {
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1",
		"kind":       kind,
		"metadata": map[string]any{
			"name":      pod.Name,
			"namespace": pod.Namespace,
			"ownerReferences": []any{map[string]any{
				"apiVersion": "v1", "kind": "Pod", "name": pod.Name, "uid": string(pod.UID),
			}},
		},
		"spec": spec,
	}}
	client := r.dyn.Resource(gvr).Namespace(pod.Namespace)
	existing, err := client.Get(ctx, pod.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = client.Create(ctx, obj, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	obj.SetResourceVersion(existing.GetResourceVersion())
	_, err = client.Update(ctx, obj, metav1.UpdateOptions{})
	return err
}
