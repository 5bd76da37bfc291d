import CClusterRuntime
import Synchronization

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Catches jobs that escape a simulation to the global concurrent executor.
///
/// A task started with `Task { }` or `Task.detached { }` inside a simulation does not inherit the
/// simulation's executor preference, and its jobs would run on the global thread pool — at a
/// moment no seed controls. The Swift runtime lets a program hook "enqueue on the global
/// executor" (`swift_task_enqueueGlobal_hook`, the technique behind `withMainSerialExecutor` in
/// Point-Free's swift-concurrency-extras). Our hook asks: is this thread driving a simulation?
/// If so, the job joins that simulation's FIFO, and is counted as *escaped* so a test can insist
/// that library code escapes nothing; otherwise it goes to the global executor as usual.
enum DriverThreads {
    private static let drivers = Mutex<[UInt: SimulationScheduler]>([:])

    private static let installed: Bool = {
        cclusterInstallEnqueueGlobalHook { job, original in
            if let scheduler = DriverThreads.current() {
                scheduler.enqueueEscaped(unsafeBitCast(job, to: UnownedJob.self))
            } else {
                original(job)
            }
        }
        return true
    }()

    /// Installs the process-wide hook (once).
    static func install() { _ = installed }

    /// Marks this thread as driving `scheduler`; returns the scheduler it drove before, if any
    /// (a simulation torn down inside another's job), for ``leave(restoring:)``.
    @discardableResult
    static func enter(_ scheduler: SimulationScheduler) -> SimulationScheduler? {
        install()
        return drivers.withLock { $0.updateValue(scheduler, forKey: threadKey()) }
    }

    static func leave(restoring previous: SimulationScheduler? = nil) {
        drivers.withLock { $0[threadKey()] = previous }
    }

    static func current() -> SimulationScheduler? {
        let me = threadKey()
        return drivers.withLock { $0[me] }
    }

    private static func threadKey() -> UInt {
        #if canImport(Darwin)
            UInt(bitPattern: pthread_self())
        #else
            UInt(pthread_self())
        #endif
    }
}
