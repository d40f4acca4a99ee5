package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The pod's container as a container runtime runs it: its own command and args with its environment,
// inside the pod's network namespace and a mount and UTS namespace of its own — the hostname is the
// pod's, each volume is at its mountPath (a ConfigMap's keys as files, a claim's PersistentVolume
// directory, a projected token, an emptyDir), /etc/hosts names the pod and its peers, /etc/resolv.conf
// sends no query out, the image's files are where the image has them (image.go) — as the security
// context's user, with its fsGroup owning the volumes.

// containerSpec is what `localkube-runtime container SPEC` sets up before it runs the container's command.
type containerSpec struct {
	Hostname string      `json:"hostname"`
	Mounts   []mountSpec `json:"mounts"`
	UID      uint32      `json:"uid"`
	GID      uint32      `json:"gid"`
	Groups   []uint32    `json:"groups"`
	Env      []string    `json:"env"`
	WorkDir  string      `json:"workDir"`
	Argv     []string    `json:"argv"`
}

type mountSpec struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	ReadOnly bool   `json:"readOnly"`
}

// containerCommand prepares the pod's volumes and its container's spec, and returns the command that runs the
// container: `ip netns exec NETNS unshare --mount --uts localkube-runtime container SPEC`.
func (r *podRuntime) containerCommand(ctx context.Context, pod *corev1.Pod, c corev1.Container, netns, podDir string) (*exec.Cmd, error) {
	img := r.image
	if !img.matches(c.Image) {
		return nil, img.refuse(c.Image)
	}
	user, err := securityOf(pod, c)
	if err != nil {
		return nil, err
	}
	spec := containerSpec{Hostname: hostnameOf(pod), UID: user.uid, GID: user.gid, Groups: user.groups, WorkDir: c.WorkingDir}
	for target, source := range img.mounts {
		spec.Mounts = append(spec.Mounts, mountSpec{Source: source, Target: target, ReadOnly: true})
	}
	for _, m := range c.VolumeMounts {
		source, err := r.volumeDirectory(ctx, pod, m.Name, podDir, user.fsGroup)
		if err != nil {
			return nil, err
		}
		if m.SubPath != "" {
			source = filepath.Join(source, m.SubPath)
		}
		spec.Mounts = append(spec.Mounts, mountSpec{Source: source, Target: m.MountPath, ReadOnly: m.ReadOnly})
	}
	sort.Slice(spec.Mounts, func(i, j int) bool { return spec.Mounts[i].Target < spec.Mounts[j].Target })
	resolv, err := writeResolvConf(pod, podDir)
	if err != nil {
		return nil, err
	}
	spec.Mounts = append(spec.Mounts, mountSpec{Source: r.hosts.podFile(pod, podDir), Target: "/etc/hosts", ReadOnly: true},
		mountSpec{Source: resolv, Target: "/etc/resolv.conf", ReadOnly: true})
	env, err := r.containerEnv(ctx, pod, c)
	if err != nil {
		return nil, err
	}
	spec.Env = mergeEnv(img.env, append([]string{"HOSTNAME=" + spec.Hostname}, env...))
	spec.Argv = append(append([]string{}, c.Command...), c.Args...)
	if len(c.Command) == 0 {
		spec.Argv = append(append([]string{}, img.command...), c.Args...)
	}
	if len(spec.Argv) == 0 {
		return nil, fmt.Errorf("the container has no command and its image none")
	}
	path := filepath.Join(podDir, "container.json")
	data, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command("ip", "netns", "exec", netns, "unshare", "--mount", "--uts", "--propagation", "private",
		r.cfg.Self, "container", path)
	cmd.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	return cmd, nil
}

// writeResolvConf writes the pod's /etc/resolv.conf as a kubelet does (its namespace's search path), with
// the pod's own loopback as the name server: the cluster's names are in its /etc/hosts, nothing answers DNS,
// so a name that is not there fails at once — never a query to the host's name server, which a pod cannot
// reach, and whose timeouts would stall the members' elections.
func writeResolvConf(pod *corev1.Pod, podDir string) (string, error) {
	path := filepath.Join(podDir, "resolv.conf")
	content := fmt.Sprintf("# Kubernetes-managed resolv.conf (localkube-runtime): the cluster's names are in /etc/hosts.\n"+
		"nameserver 127.0.0.1\nsearch %s.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1 attempts:1\n", pod.Namespace)
	return path, os.WriteFile(path, []byte(content), 0o644)
}

// runContainer is `localkube-runtime container SPEC`, run in the pod's network namespace and a new mount and
// UTS namespace: it names the host, mounts the volumes, takes the container's user and runs its command.
func runContainer(specPath string) error {
	spec, err := readSpec(specPath)
	if err != nil {
		return err
	}
	if err := syscall.Sethostname([]byte(spec.Hostname)); err != nil {
		return fmt.Errorf("hostname %s: %w", spec.Hostname, err)
	}
	for _, m := range spec.Mounts {
		if err := bindMount(m); err != nil {
			return err
		}
	}
	return become(spec, spec.Argv)
}

// become takes the container's user, groups, working directory and environment, and runs argv: the
// container's command, or a command exec'd into it.
func become(spec containerSpec, argv []string) error {
	dir := spec.WorkDir
	if dir == "" {
		dir = "/"
	}
	if err := os.Chdir(dir); err != nil {
		return fmt.Errorf("working directory %s: %w", dir, err)
	}
	groups := make([]int, len(spec.Groups))
	for i, g := range spec.Groups {
		groups[i] = int(g)
	}
	if err := syscall.Setgroups(groups); err != nil {
		return fmt.Errorf("supplementary groups %v: %w", groups, err)
	}
	if err := syscall.Setresgid(int(spec.GID), int(spec.GID), int(spec.GID)); err != nil {
		return fmt.Errorf("group %d: %w", spec.GID, err)
	}
	if err := syscall.Setresuid(int(spec.UID), int(spec.UID), int(spec.UID)); err != nil {
		return fmt.Errorf("user %d: %w", spec.UID, err)
	}
	path, err := lookPath(argv[0], spec.Env)
	if err != nil {
		return err
	}
	return syscall.Exec(path, argv, spec.Env)
}

// readSpec reads what `localkube-runtime container` was started with.
func readSpec(path string) (containerSpec, error) {
	var spec containerSpec
	data, err := os.ReadFile(path)
	if err != nil {
		return spec, err
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		return spec, fmt.Errorf("%s: %w", path, err)
	}
	return spec, nil
}

// bindMount puts a host file or directory at its place in the container; the mount point is made when missing.
func bindMount(m mountSpec) error {
	info, err := os.Stat(m.Source)
	if err != nil {
		return fmt.Errorf("volume source %s: %w", m.Source, err)
	}
	if info.IsDir() {
		if err := os.MkdirAll(m.Target, 0o755); err != nil {
			return fmt.Errorf("mount point %s: %w", m.Target, err)
		}
	} else if _, err := os.Stat(m.Target); err != nil {
		if err := os.MkdirAll(filepath.Dir(m.Target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(m.Target, nil, 0o644); err != nil {
			return fmt.Errorf("mount point %s: %w", m.Target, err)
		}
	}
	if err := syscall.Mount(m.Source, m.Target, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
		return fmt.Errorf("mounting %s at %s: %w", m.Source, m.Target, err)
	}
	if m.ReadOnly {
		if err := syscall.Mount("", m.Target, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			return fmt.Errorf("making %s read-only: %w", m.Target, err)
		}
	}
	return nil
}

// lookPath finds a command as the container's PATH says.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	for _, e := range env {
		if p, ok := strings.CutPrefix(e, "PATH="); ok {
			for _, dir := range filepath.SplitList(p) {
				candidate := filepath.Join(dir, name)
				if info, err := os.Stat(candidate); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
					return candidate, nil
				}
			}
		}
	}
	return "", fmt.Errorf("%s: executable file not found in the container's $PATH", name)
}

// mergeEnv is the image's environment overridden by the container's, in order.
func mergeEnv(base, over []string) []string {
	index := map[string]int{}
	var env []string
	for _, e := range append(append([]string{}, base...), over...) {
		name, _, _ := strings.Cut(e, "=")
		if i, ok := index[name]; ok {
			env[i] = e
			continue
		}
		index[name] = len(env)
		env = append(env, e)
	}
	return env
}

// podUser is who the container runs as: runAsUser/runAsGroup (the container's over the pod's; root when
// unset), fsGroup and supplementalGroups as its groups; fsGroup owns the pod's writable volumes.
type podUser struct {
	uid, gid uint32
	groups   []uint32
	fsGroup  *int64
}

func securityOf(pod *corev1.Pod, c corev1.Container) (podUser, error) {
	var u podUser
	var uid, gid *int64
	if psc := pod.Spec.SecurityContext; psc != nil {
		uid, gid, u.fsGroup = psc.RunAsUser, psc.RunAsGroup, psc.FSGroup
		for _, g := range psc.SupplementalGroups {
			u.groups = append(u.groups, uint32(g))
		}
	}
	if csc := c.SecurityContext; csc != nil {
		if csc.RunAsUser != nil {
			uid = csc.RunAsUser
		}
		if csc.RunAsGroup != nil {
			gid = csc.RunAsGroup
		}
	}
	if uid != nil {
		u.uid = uint32(*uid)
	}
	if gid != nil {
		u.gid = uint32(*gid)
	}
	nonRoot := (pod.Spec.SecurityContext != nil && pod.Spec.SecurityContext.RunAsNonRoot != nil && *pod.Spec.SecurityContext.RunAsNonRoot) ||
		(c.SecurityContext != nil && c.SecurityContext.RunAsNonRoot != nil && *c.SecurityContext.RunAsNonRoot)
	if nonRoot && u.uid == 0 {
		return u, fmt.Errorf("container has runAsNonRoot and would run as root (no runAsUser, and localkube's image has no USER)")
	}
	if u.fsGroup != nil {
		u.groups = append([]uint32{uint32(*u.fsGroup)}, u.groups...)
	}
	return u, nil
}

func hostnameOf(pod *corev1.Pod) string {
	if pod.Spec.Hostname != "" {
		return pod.Spec.Hostname
	}
	return pod.Name
}

// volumeDirectory is the host directory of one of the pod's volumes: a claim's PersistentVolume, a ConfigMap's
// keys written as files, a projected volume's (the ServiceAccount token's), an emptyDir; the writable ones
// owned by fsGroup as a kubelet makes them.
func (r *podRuntime) volumeDirectory(ctx context.Context, pod *corev1.Pod, name, podDir string, fsGroup *int64) (string, error) {
	vol := volume(pod, name)
	if vol == nil {
		return "", fmt.Errorf("volume mount %s names no volume", name)
	}
	switch {
	case vol.PersistentVolumeClaim != nil:
		dir, err := r.claimDirectory(ctx, pod.Namespace, vol.PersistentVolumeClaim.ClaimName)
		if err != nil {
			return "", err
		}
		return dir, ownByGroup(dir, fsGroup)
	case vol.EmptyDir != nil:
		dir := filepath.Join(podDir, "volumes", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		return dir, ownByGroup(dir, fsGroup)
	case vol.ConfigMap != nil:
		cm, err := r.client.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, vol.ConfigMap.Name, metav1.GetOptions{})
		if err != nil {
			return "", fmt.Errorf("ConfigMap %s of volume %s: %w", vol.ConfigMap.Name, name, err)
		}
		files := cm.Data
		if len(vol.ConfigMap.Items) > 0 {
			files = map[string]string{}
			for _, item := range vol.ConfigMap.Items {
				files[item.Path] = cm.Data[item.Key]
			}
		}
		return writeFiles(filepath.Join(podDir, "volumes", name), files)
	case vol.Projected != nil:
		files, err := r.projectedFiles(ctx, pod, vol.Projected)
		if err != nil {
			return "", fmt.Errorf("volume %s: %w", name, err)
		}
		return writeFiles(filepath.Join(podDir, "volumes", name), files)
	}
	return "", fmt.Errorf("volume %s: localkube's runtime mounts persistentVolumeClaim, configMap, projected and emptyDir volumes only", name)
}

// projectedFiles are a projected volume's files as a kubelet writes them: ConfigMap keys, the pod's own fields
// (downward API), and a ServiceAccount token bound to the pod (the TokenRequest API) — e.g. kube-api-access-*.
func (r *podRuntime) projectedFiles(ctx context.Context, pod *corev1.Pod, projected *corev1.ProjectedVolumeSource) (map[string]string, error) {
	files := map[string]string{}
	for _, source := range projected.Sources {
		switch {
		case source.ConfigMap != nil:
			cm, err := r.client.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, source.ConfigMap.Name, metav1.GetOptions{})
			if err != nil {
				return nil, fmt.Errorf("ConfigMap %s: %w", source.ConfigMap.Name, err)
			}
			for _, item := range source.ConfigMap.Items {
				files[item.Path] = cm.Data[item.Key]
			}
			if len(source.ConfigMap.Items) == 0 {
				for key, value := range cm.Data {
					files[key] = value
				}
			}
		case source.DownwardAPI != nil:
			for _, item := range source.DownwardAPI.Items {
				if item.FieldRef == nil {
					continue
				}
				switch item.FieldRef.FieldPath {
				case "metadata.namespace":
					files[item.Path] = pod.Namespace
				case "metadata.name":
					files[item.Path] = pod.Name
				}
			}
		case source.ServiceAccountToken != nil:
			expiration := int64(3600)
			if source.ServiceAccountToken.ExpirationSeconds != nil {
				expiration = *source.ServiceAccountToken.ExpirationSeconds
			}
			var audiences []string
			if source.ServiceAccountToken.Audience != "" {
				audiences = []string{source.ServiceAccountToken.Audience}
			}
			account := pod.Spec.ServiceAccountName
			if account == "" {
				account = "default"
			}
			token, err := r.client.CoreV1().ServiceAccounts(pod.Namespace).CreateToken(ctx, account, &authenticationv1.TokenRequest{
				Spec: authenticationv1.TokenRequestSpec{Audiences: audiences, ExpirationSeconds: &expiration,
					BoundObjectRef: &authenticationv1.BoundObjectReference{Kind: "Pod", APIVersion: "v1", Name: pod.Name, UID: pod.UID}},
			}, metav1.CreateOptions{})
			if err != nil {
				return nil, fmt.Errorf("token of ServiceAccount %s: %w", account, err)
			}
			files[source.ServiceAccountToken.Path] = token.Status.Token
		}
	}
	return files, nil
}

// writeFiles writes a volume's files afresh in dir (readable, as a kubelet's default mode 0644 makes them).
func writeFiles(dir string, files map[string]string) (string, error) {
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for file, content := range files {
		path := filepath.Join(dir, file)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// ownByGroup gives a writable volume to the pod's fsGroup as a kubelet does: every file group-owned and
// group-writable, directories setgid so what the container makes stays the group's.
func ownByGroup(dir string, fsGroup *int64) error {
	if fsGroup == nil {
		return nil
	}
	gid := int(*fsGroup)
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if err := os.Lchown(path, -1, gid); err != nil {
			return fmt.Errorf("fsGroup %d on %s: %w", gid, path, err)
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		mode := info.Mode().Perm() | 0o060
		if d.IsDir() {
			return os.Chmod(path, mode|0o010|fs.ModeSetgid)
		}
		return os.Chmod(path, mode)
	})
}

// claimDirectory is the host directory of a bound claim's PersistentVolume (localkube's provisioner makes host paths).
func (r *podRuntime) claimDirectory(ctx context.Context, namespace, claim string) (string, error) {
	pvc, err := r.client.CoreV1().PersistentVolumeClaims(namespace).Get(ctx, claim, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("PVC %s: %w", claim, err)
	}
	if pvc.Status.Phase != corev1.ClaimBound || pvc.Spec.VolumeName == "" {
		return "", fmt.Errorf("PVC %s is %s, not Bound yet", claim, pvc.Status.Phase)
	}
	pv, err := r.client.CoreV1().PersistentVolumes().Get(ctx, pvc.Spec.VolumeName, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("PV %s of PVC %s: %w", pvc.Spec.VolumeName, claim, err)
	}
	switch {
	case pv.Spec.HostPath != nil:
		return pv.Spec.HostPath.Path, nil
	case pv.Spec.Local != nil:
		return pv.Spec.Local.Path, nil
	}
	return "", fmt.Errorf("PV %s is not a host directory; localkube's runtime mounts hostPath and local volumes only", pv.Name)
}

// containerEnv resolves the container's environment (values, Secret and ConfigMap keys, pod fields).
func (r *podRuntime) containerEnv(ctx context.Context, pod *corev1.Pod, c corev1.Container) ([]string, error) {
	var env []string
	for _, e := range c.Env {
		value := e.Value
		if from := e.ValueFrom; from != nil {
			switch {
			case from.SecretKeyRef != nil:
				s, err := r.client.CoreV1().Secrets(pod.Namespace).Get(ctx, from.SecretKeyRef.Name, metav1.GetOptions{})
				if err != nil {
					return nil, fmt.Errorf("env %s: Secret %s: %w", e.Name, from.SecretKeyRef.Name, err)
				}
				b, ok := s.Data[from.SecretKeyRef.Key]
				if !ok {
					return nil, fmt.Errorf("env %s: Secret %s has no key %s", e.Name, s.Name, from.SecretKeyRef.Key)
				}
				value = string(b)
			case from.ConfigMapKeyRef != nil:
				cm, err := r.client.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, from.ConfigMapKeyRef.Name, metav1.GetOptions{})
				if err != nil {
					return nil, fmt.Errorf("env %s: ConfigMap %s: %w", e.Name, from.ConfigMapKeyRef.Name, err)
				}
				value = cm.Data[from.ConfigMapKeyRef.Key]
			case from.FieldRef != nil:
				switch from.FieldRef.FieldPath {
				case "metadata.name":
					value = pod.Name
				case "metadata.namespace":
					value = pod.Namespace
				case "status.podIP":
					value = pod.Status.PodIP
				}
			}
		}
		env = append(env, e.Name+"="+value)
	}
	return env, nil
}

func volume(pod *corev1.Pod, name string) *corev1.Volume {
	for i := range pod.Spec.Volumes {
		if pod.Spec.Volumes[i].Name == name {
			return &pod.Spec.Volumes[i]
		}
	}
	return nil
}
