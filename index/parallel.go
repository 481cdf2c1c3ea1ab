package index

import (
	"runtime"
	"sync"
)

// Parallel calls fn for 0 ≤ i < n on one goroutine per core: backends use it
// for the work a put needs before the store (segmenting, encoding).
func Parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// Ordered prepares items 0 ≤ i < n on every core and hands them over in
// order: result(i) waits for item i alone, so one writer can store it while
// later items are still being prepared. done waits for every worker; defer
// it so none outlives the caller.
func Ordered[T any](n int, prepare func(i int) (T, error)) (result func(i int) (T, error), done func()) {
	items := make([]T, n)
	errs := make([]error, n)
	ready := make([]chan struct{}, n)
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		Parallel(n, func(i int) {
			items[i], errs[i] = prepare(i)
			close(ready[i])
		})
	}()
	result = func(i int) (T, error) {
		<-ready[i]
		item := items[i]
		var zero T
		items[i] = zero // handed over: the caller holds it now
		return item, errs[i]
	}
	return result, func() { <-finished }
}
