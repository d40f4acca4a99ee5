// Command localkube-provisioner is localkube's dynamic volume provisioner: it gives every
// pending PersistentVolumeClaim of a StorageClass whose provisioner is ours a PersistentVolume
// of exactly the requested size, backed by a directory of the cluster, and deletes released
// volumes whose reclaim policy is Delete.
//
// The volumes carry no node affinity, so they behave like network disks: a pod that moves to
// another node keeps its data, as the lab's pd-ssd does on GKE.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

const (
	// Name is the provisioner name StorageClasses refer to.
	Name = "localkube.zklab.dev/hostpath"
	// annProvisioner is what the PV controller sets on a claim it hands to an external provisioner.
	annProvisioner    = "volume.kubernetes.io/storage-provisioner"
	annProvisionedBy  = "pv.kubernetes.io/provisioned-by"
	annClaimNamespace = "localkube.zklab.dev/claim-namespace"
	annClaimName      = "localkube.zklab.dev/claim-name"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster")
	volumes := flag.String("volumes", "", "directory under which volumes are created")
	interval := flag.Duration("interval", 500*time.Millisecond, "reconcile interval")
	flag.Parse()
	if *kubeconfig == "" || *volumes == "" {
		log.Fatal("usage: localkube-provisioner --kubeconfig FILE --volumes DIR")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("reading kubeconfig %s: %v", *kubeconfig, err)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		log.Fatalf("creating client: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log.Printf("provisioner %s serving volumes under %s", Name, *volumes)
	for {
		if err := reconcile(ctx, client, *volumes); err != nil && ctx.Err() == nil {
			log.Printf("reconcile: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(*interval):
		}
	}
}

func reconcile(ctx context.Context, client kubernetes.Interface, volumes string) error {
	classes, err := client.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	ours := map[string]corev1.PersistentVolumeReclaimPolicy{}
	for _, sc := range classes.Items {
		if sc.Provisioner == Name {
			policy := corev1.PersistentVolumeReclaimDelete
			if sc.ReclaimPolicy != nil {
				policy = *sc.ReclaimPolicy
			}
			ours[sc.Name] = policy
		}
	}
	claims, err := client.CoreV1().PersistentVolumeClaims("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for i := range claims.Items {
		pvc := &claims.Items[i]
		if pvc.Spec.VolumeName != "" || pvc.Status.Phase != corev1.ClaimPending || pvc.DeletionTimestamp != nil {
			continue
		}
		if pvc.Annotations[annProvisioner] != Name || pvc.Spec.StorageClassName == nil {
			continue
		}
		policy, ok := ours[*pvc.Spec.StorageClassName]
		if !ok {
			continue
		}
		if err := provision(ctx, client, volumes, pvc, policy); err != nil {
			log.Printf("provisioning %s/%s: %v", pvc.Namespace, pvc.Name, err)
		}
	}
	pvs, err := client.CoreV1().PersistentVolumes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for i := range pvs.Items {
		pv := &pvs.Items[i]
		if pv.Annotations[annProvisionedBy] != Name || pv.Status.Phase != corev1.VolumeReleased ||
			pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimDelete || pv.DeletionTimestamp != nil {
			continue
		}
		if err := os.RemoveAll(filepath.Join(volumes, pv.Name)); err != nil {
			log.Printf("removing data of %s: %v", pv.Name, err)
			continue
		}
		err := client.CoreV1().PersistentVolumes().Delete(ctx, pv.Name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			log.Printf("deleting %s: %v", pv.Name, err)
			continue
		}
		log.Printf("deleted %s (released by %s/%s)", pv.Name, pv.Annotations[annClaimNamespace], pv.Annotations[annClaimName])
	}
	return nil
}

// provision creates the claim's volume: a directory named after the PV, and the PV pre-bound to the claim.
func provision(ctx context.Context, client kubernetes.Interface, volumes string, pvc *corev1.PersistentVolumeClaim,
	policy corev1.PersistentVolumeReclaimPolicy) error {
	size, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]
	if !ok {
		return fmt.Errorf("claim requests no storage")
	}
	name := "pvc-" + string(pvc.UID)
	dir := filepath.Join(volumes, name)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	// Volumes are handed to pods with fsGroup/runAsUser; the directory must be writable by them.
	if err := os.Chmod(dir, 0o777); err != nil {
		return err
	}
	hostPathType := corev1.HostPathDirectory
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name: name,
			Annotations: map[string]string{
				annProvisionedBy:  Name,
				annClaimNamespace: pvc.Namespace,
				annClaimName:      pvc.Name,
			},
		},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: size},
			AccessModes:                   pvc.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: policy,
			StorageClassName:              *pvc.Spec.StorageClassName,
			VolumeMode:                    pvc.Spec.VolumeMode,
			ClaimRef: &corev1.ObjectReference{
				Kind:       "PersistentVolumeClaim",
				APIVersion: "v1",
				Namespace:  pvc.Namespace,
				Name:       pvc.Name,
				UID:        pvc.UID,
			},
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: dir, Type: &hostPathType},
			},
		},
	}
	_, err := client.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	if err == nil {
		log.Printf("provisioned %s (%s) for %s/%s", name, size.String(), pvc.Namespace, pvc.Name)
	}
	return err
}
