import Dispatch
import Synchronization

/// A real node's timers — mostly calls' timeouts, nearly all cancelled long before they are due —
/// on one Dispatch timer source, armed for the earliest deadline still live.
///
/// A `DispatchQueue.asyncAfter` per timer costs Dispatch's manager thread a wake-up per call (to
/// file the timer; a profile of `pg2-bench echo` put a tenth of all samples there), and it fires
/// later even when cancelled. Here, arming a timer that is not the earliest costs a heap push
/// under a lock and nothing else; cancelling one only forgets it (the heap sheds dead entries
/// when they reach its top, or all at once when they outnumber the live ones four to one); and
/// the source wakes only for the earliest live deadline. Due actions are handed to `fire` in
/// deadline order (ties in scheduling order).
///
/// `@unchecked Sendable`: the Dispatch source, not `Sendable` itself, is only re-armed under the lock.
final class NodeTimers: @unchecked Sendable {
    private struct Entry {
        let deadline: DispatchTime
        let id: UInt64
        func precedes(_ other: Entry) -> Bool {
            deadline == other.deadline ? id < other.id : deadline < other.deadline
        }
    }

    private struct State {
        var next: UInt64 = 0
        var live: [UInt64: (deadline: DispatchTime, action: @Sendable () -> Void)] = [:]
        /// A min-heap of deadlines, live and cancelled.
        var heap: [Entry] = []
        /// What the source is armed for; nil when it is not armed.
        var armed: DispatchTime?

        mutating func push(_ entry: Entry) {
            heap.append(entry)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard heap[i].precedes(heap[parent]) else { break }
                heap.swapAt(i, parent)
                i = parent
            }
        }

        mutating func popTop() {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
            var i = 0
            while true {
                let left = 2 * i + 1, right = left + 1
                var smallest = i
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                guard smallest != i else { return }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }

        /// Drops cancelled entries from the top; the earliest live deadline, if any.
        mutating func earliestLive() -> DispatchTime? {
            while let top = heap.first {
                if live[top.id] != nil { return top.deadline }
                popTop()
            }
            return nil
        }
    }

    private let state = Mutex(State())
    private let source: any DispatchSourceTimer
    private let fire: @Sendable (@escaping @Sendable () -> Void) -> Void

    /// `fire` receives each due action (on one of Dispatch's global threads).
    init(fire: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
        self.fire = fire
        source = DispatchSource.makeTimerSource(queue: .global())
        source.setEventHandler { [weak self] in self?.expire() }
        source.activate()
    }

    deinit { source.cancel() }

    /// Arms `action` to be handed to `fire` after `nanoseconds`; its id, for ``cancel(_:)``.
    func schedule(afterNanoseconds nanoseconds: Int, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let deadline = DispatchTime.now() + .nanoseconds(nanoseconds)
        return state.withLock { s -> UInt64 in
            s.next += 1
            s.live[s.next] = (deadline, action)
            s.push(Entry(deadline: deadline, id: s.next))
            if s.armed.map({ deadline < $0 }) ?? true {
                s.armed = deadline
                source.schedule(deadline: deadline, leeway: .nanoseconds(0))
            }
            return s.next
        }
    }

    /// Forgets timer `id`: its action never runs. The source stays armed (one wake-up at most).
    func cancel(_ id: UInt64) {
        state.withLock { s in
            guard s.live.removeValue(forKey: id) != nil else { return }
            if s.heap.count > 64, s.heap.count > 4 * s.live.count {
                s.heap = []
                for (id, timer) in s.live { s.push(Entry(deadline: timer.deadline, id: id)) }
            }
        }
    }

    /// The source fired: hand over what is due, re-arm for the earliest live deadline left.
    private func expire() {
        let due = state.withLock { s -> [@Sendable () -> Void] in
            let now = DispatchTime.now()
            var due: [@Sendable () -> Void] = []
            while let top = s.heap.first, top.deadline <= now {
                s.popTop()
                if let timer = s.live.removeValue(forKey: top.id) { due.append(timer.action) }
            }
            s.armed = s.earliestLive()
            if let armed = s.armed { source.schedule(deadline: armed, leeway: .nanoseconds(0)) }
            return due
        }
        for action in due { fire(action) }
    }
}
