package main

import (
	"bufio"
	"io"
	"os"
	"sync"
	"time"
)

// criLog writes a container's output in the CRI log format that `kubectl logs` (through KWOK) reads:
// "<RFC3339Nano time> <stdout|stderr> F <line>".
type criLog struct {
	mu   sync.Mutex
	file *os.File
	wg   sync.WaitGroup
}

func openCRILog(path string) (*criLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &criLog{file: f}, nil
}

// stream returns the writer end of a pipe whose lines go to the log as the given stream.
func (l *criLog) stream(name string) (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		defer r.Close()
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			l.mu.Lock()
			_, _ = io.WriteString(l.file, time.Now().UTC().Format(time.RFC3339Nano)+" "+name+" F "+sc.Text()+"\n")
			l.mu.Unlock()
		}
	}()
	return w, nil
}

// close waits until the container's output is drained, then closes the file.
func (l *criLog) close() {
	l.wg.Wait()
	_ = l.file.Close()
}
