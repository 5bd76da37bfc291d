import Dispatch
import Foundation
import Synchronization
import Testing

@testable import RealNodes

/// A real node's executor: one job at a time, in order — whether a reader thread runs the jobs
/// inline or the queue's own thread does — and its timers.
@Suite("NodeQueue and NodeTimers")
struct NodeQueueTests {
    /// What the jobs saw: who ran while another job was running, and each submitter's sequence.
    final class Log: Sendable {
        struct State {
            var inside = 0
            var overlaps = 0
            var seen: [Int: [Int]] = [:]
        }
        let state = Mutex(State())

        func run(_ submitter: Int, _ n: Int) {
            state.withLock { s in
                s.inside += 1
                if s.inside > 1 { s.overlaps += 1 }
            }
            for _ in 0..<50 { _ = Thread.current }  // a little work while "inside"
            state.withLock { s in
                s.inside -= 1
                s.seen[submitter, default: []].append(n)
            }
        }
    }

    /// Waits until `queue` has run everything submitted before this call.
    func flush(_ queue: NodeQueue) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in queue.enqueue { done.resume() } }
    }

    /// Waits for `semaphore` off the cooperative pool.
    func wait(_ semaphore: DispatchSemaphore) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                semaphore.wait()
                c.resume()
            }
        }
    }

    @Test("readers handing work and other threads enqueueing: strictly one at a time, in order")
    func orderAndExclusivity() async {
        let queue = NodeQueue(label: "test")
        let log = Log()
        let perThread = 2_000
        let group = DispatchGroup()
        for submitter in 0..<4 {
            let thread = Thread {
                for n in 0..<perThread {
                    if submitter < 2 {
                        // A reader: each frame gives the node one or two jobs.
                        queue.handing {
                            queue.enqueue { log.run(submitter, n) }
                        }
                    } else {
                        queue.enqueue { log.run(submitter, n) }
                    }
                }
                group.leave()
            }
            group.enter()
            thread.start()
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            group.notify(queue: .global()) { done.resume() }
        }
        await flush(queue)
        log.state.withLock { s in
            #expect(s.overlaps == 0)
            for submitter in 0..<4 { #expect(s.seen[submitter] == Array(0..<perThread)) }
        }
    }

    @Test("an idle queue's job runs on the reader that handed it, before handing returns")
    func inlineWhenIdle() async {
        let queue = NodeQueue(label: "test")
        let ranHereBeforeReturn = Mutex(false)
        let finished = DispatchSemaphore(value: 0)
        let reader = Thread {
            let me = pthread_self()
            let ranHere = Mutex(false)
            queue.handing { queue.enqueue { ranHere.withLock { $0 = pthread_equal(pthread_self(), me) != 0 } } }
            ranHereBeforeReturn.withLock { $0 = ranHere.withLock { $0 } }
            finished.signal()
        }
        reader.start()
        await wait(finished)
        #expect(ranHereBeforeReturn.withLock { $0 })
    }

    @Test("a job that adds jobs never runs them inside itself; a reader runs a bounded number")
    func reentrancyAndBound() async {
        let queue = NodeQueue(label: "test")
        let order = Mutex<[String]>([])
        let ranOnReader = Mutex(0)
        let many = NodeQueue.inlineLimit * 3
        let finished = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let reader = Thread {
            let me = pthread_self()
            queue.handing {
                queue.enqueue {
                    order.withLock { $0.append("outer start") }
                    queue.enqueue { order.withLock { $0.append("inner") } }
                    queue.handing { queue.enqueue { order.withLock { $0.append("handed inside") } } }
                    order.withLock { $0.append("outer end") }
                }
                for _ in 0..<many {
                    queue.enqueue { if pthread_equal(pthread_self(), me) != 0 { ranOnReader.withLock { $0 += 1 } } }
                }
            }
            finished.signal()
            release.wait()  // alive until checked: a new thread could reuse its pthread_t
        }
        reader.start()
        await wait(finished)
        await flush(queue)
        release.signal()
        #expect(order.withLock { $0 } == ["outer start", "outer end", "inner", "handed inside"])
        // The reader ran the outer job and then as many as the bound allows; the queue the rest.
        #expect(ranOnReader.withLock { $0 } == NodeQueue.inlineLimit - 1)
    }

    @Test("timers fire in deadline order, cancelled ones never")
    func timers() async {
        let fired = Mutex<[Int]>([])
        let all = DispatchSemaphore(value: 0)
        let timers = NodeTimers { action in action() }
        let ms = 1_000_000
        _ = timers.schedule(afterNanoseconds: 60 * ms) {
            fired.withLock { $0.append(3) }
            all.signal()
        }
        let cancelled = timers.schedule(afterNanoseconds: 10 * ms) { fired.withLock { $0.append(0) } }
        _ = timers.schedule(afterNanoseconds: 20 * ms) { fired.withLock { $0.append(1) } }
        _ = timers.schedule(afterNanoseconds: 40 * ms) { fired.withLock { $0.append(2) } }
        timers.cancel(cancelled)
        // Many cancelled timers (calls answered in time) leave no trace.
        for _ in 0..<500 {
            timers.cancel(timers.schedule(afterNanoseconds: 30 * ms) { fired.withLock { $0.append(9) } })
        }
        await wait(all)
        #expect(fired.withLock { $0 } == [1, 2, 3])
    }
}
