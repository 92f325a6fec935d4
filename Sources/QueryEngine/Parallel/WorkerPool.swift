// A small pool of pthreads that runs the tasks of one parallel step: the caller posts a job
// (a task count and a body), the parked workers and the caller itself take task numbers from
// an atomic counter until none are left, and the caller returns once every task has run.
// Threads are started on first use and then parked on a condition variable, so a step costs
// a broadcast and a wake-up, not a thread start (Dispatch would do, but its global queues
// cannot be held to a thread count).
//
// A step posted while another runs (a task that itself parallelises, or a second thread of
// the host) runs its tasks on the posting thread alone: never a deadlock, never oversubscribed.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// One posted step. `body` points at the caller's closure, which outlives the step: the
    /// caller does not return before every worker has let go of the job.
    private final class Job: @unchecked Sendable {
        let tasks: Int
        let body: UnsafePointer<(Int) -> Void>
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        init(tasks: Int, body: UnsafePointer<(Int) -> Void>) { self.tasks = tasks; self.body = body }

        /// Runs tasks until none are left; returns how many this thread ran.
        func work() {
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= tasks { return }
                body.pointee(i)
                finished.wrappingAdd(1, ordering: .releasing)
            }
        }
    }

    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()
    private var done = pthread_cond_t()
    // Guarded by mutex.
    private var job: Job?
    private var generation: UInt64 = 0
    private var started = 0
    private var busy = false

    private init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
        pthread_cond_init(&done, nil)
    }

    /// Calls `body(i)` for each i in 0..<tasks on up to `threads` threads (the caller is one
    /// of them), in no particular order; returns when all have returned.
    func run(tasks: Int, threads: Int, _ body: (Int) -> Void) {
        if tasks <= 0 { return }
        if tasks == 1 || threads <= 1 || !claim() {
            for i in 0..<tasks { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            var f = escaping
            withUnsafePointer(to: &f) { pointer in
                let j = Job(tasks: tasks, body: pointer)
                pthread_mutex_lock(&mutex)
                let helpers = min(threads, tasks) - 1
                while started < helpers { spawn() }
                job = j
                generation &+= 1
                pthread_cond_broadcast(&wake)
                pthread_mutex_unlock(&mutex)
                j.work()
                pthread_mutex_lock(&mutex)
                // No new worker may pick the job up; wait for the tasks others took to finish.
                // Not for every worker that woke to let go of the job as well: on a machine whose
                // other core is busy, a worker woken for this step may not run for a scheduler
                // slice (milliseconds), and waiting for it to find nothing left made two-thread
                // steps slower than one-thread ones on the clock. A late worker holds the Job (a
                // class) itself and, every task being taken, never calls `body` again.
                job = nil
                while j.finished.load(ordering: .acquiring) < tasks { pthread_cond_wait(&done, &mutex) }
                busy = false
                pthread_mutex_unlock(&mutex)
            }
        }
    }

    /// Takes the pool for one step; false when another step holds it.
    private func claim() -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if busy { return false }
        busy = true
        return true
    }

    /// Starts one parked worker (mutex held).
    private func spawn() {
        started += 1
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        // As deep as the main thread's (address space only: untouched pages cost nothing).
        pthread_attr_setstacksize(&attributes, 8 << 20)
        var thread = pthread_t()
        let context = Unmanaged.passUnretained(self).toOpaque()
        pthread_create(&thread, &attributes, { context in
            let pool = Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue()
            pool.workerLoop()
        }, context)
        pthread_attr_destroy(&attributes)
    }

    private func workerLoop() -> Never {
        blockSignals()
        var seen: UInt64 = 0
        pthread_mutex_lock(&mutex)
        while true {
            while generation == seen || job == nil {
                if generation != seen && job == nil { seen = generation }
                pthread_cond_wait(&wake, &mutex)
            }
            seen = generation
            let j = job!
            pthread_mutex_unlock(&mutex)
            j.work()
            pthread_mutex_lock(&mutex)
            pthread_cond_signal(&done)
        }
    }

    /// Signals (SIGINT for Ctrl-C, SIGWINCH, SIGTSTP) belong to the host's threads: a worker
    /// must never be the thread a handler runs on.
    private func blockSignals() {
        var all = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, nil)
    }
}
