@preconcurrency import Glibc
import Foundation

/// A blocking TCP socket: the one door between a node and the network.
///
/// Every connection of a node reads on a thread of its own and writes under a lock, so a socket
/// here is plain and blocking. Three Linux details matter: `TCP_NODELAY` (without it every small
/// frame waits up to 40 ms for company), `MSG_NOSIGNAL` (without it a write to a closed peer
/// raises SIGPIPE and kills the process) and `shutdown` from another thread to wake a blocked
/// read. The descriptor is closed only when the last reference goes, so no thread ever reads a
/// descriptor number that was closed and handed to someone else.
final class Socket: @unchecked Sendable {
    /// Immutable after init; the kernel serialises concurrent use of one descriptor.
    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { _ = Glibc.close(fd) }

    /// Connects to `host:port` (a name or IPv4 address), waiting at most `timeout`.
    static func connect(host: String, port: UInt16, timeout: Duration) throws(SocketError) -> Socket {
        var address = try ipv4Address(host: host, port: port)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno) }
        let socket = Socket(fd: fd)
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            guard errno == EINPROGRESS else { throw .system("connect to \(host):\(port)", errno) }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ms = Int32(
                clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            let ready = poll(&poller, 1, ms)
            guard ready > 0 else { throw .timedOut("connect to \(host):\(port)") }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { throw .system("connect to \(host):\(port)", error) }
        }
        _ = fcntl(fd, F_SETFL, flags)
        socket.setNoDelay()
        return socket
    }

    /// A listening socket on `port` (0: any free port) of every interface.
    static func listen(port: UInt16, backlog: Int32 = 128) throws(SocketError) -> Socket {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno) }
        let socket = Socket(fd: fd)
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: INADDR_ANY)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw .system("bind to port \(port)", errno) }
        guard Glibc.listen(fd, backlog) == 0 else { throw .system("listen", errno) }
        return socket
    }

    /// The local port this socket is bound to.
    var localPort: UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Waits for the next incoming connection; throws once the socket is shut down.
    func accept() throws(SocketError) -> Socket {
        while true {
            let client = Glibc.accept(fd, nil, nil)
            if client >= 0 {
                let socket = Socket(fd: client)
                socket.setNoDelay()
                return socket
            }
            if errno == EINTR || errno == ECONNABORTED { continue }
            throw .system("accept", errno)
        }
    }

    private func setNoDelay() {
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Makes a blocked read return `EAGAIN` after `timeout` (nil: wait for ever).
    func setReceiveTimeout(_ timeout: Duration?) {
        var value = timeval()
        if let timeout {
            let (seconds, atto) = timeout.components
            value.tv_sec = Int(seconds)
            value.tv_usec = Int(atto / 1_000_000_000_000)
            if value.tv_sec == 0, value.tv_usec == 0 { value.tv_usec = 1000 }
        }
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads exactly `count` bytes. After every receive timeout `idle` runs and may throw to give
    /// up; end of stream throws ``SocketError/closed``.
    func read(exactly count: Int, idle: () throws(SocketError) -> Void = {}) throws(SocketError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                Glibc.recv(fd, raw.baseAddress! + filled, count - filled, 0)
            }
            if n > 0 {
                filled += n
            } else if n == 0 {
                throw .closed
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try idle()
            } else if errno != EINTR {
                throw .system("read", errno)
            }
        }
        return buffer
    }

    /// Reads what is there (waiting for at least one byte) into `chunk`'s storage and appends
    /// it to `buffer`. Throws `.closed` at the end of the stream. `chunk` is scratch space the
    /// caller keeps from one read to the next, so no read allocates or clears memory.
    func readSome(into buffer: inout [UInt8], chunk: inout [UInt8], idle: () throws(SocketError) -> Void = {})
        throws(SocketError)
    {
        while true {
            let n = chunk.withUnsafeMutableBytes { raw in Glibc.recv(fd, raw.baseAddress!, raw.count, 0) }
            if n > 0 {
                chunk.withUnsafeBufferPointer { buffer.append(contentsOf: $0[..<n]) }
                return
            } else if n == 0 {
                throw .closed
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try idle()
            } else if errno != EINTR {
                throw .system("read", errno)
            }
        }
    }

    /// Reads until the peer closes, at most `limit` bytes.
    func readToEnd(limit: Int, idle: () throws(SocketError) -> Void = {}) throws(SocketError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while result.count <= limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, $0.count, 0) }
            if n > 0 {
                result.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                return result
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try idle()
            } else if errno != EINTR {
                throw .system("read", errno)
            }
        }
        throw .tooLong(limit)
    }

    /// Writes every byte, never raising SIGPIPE.
    func write(_ bytes: [UInt8]) throws(SocketError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n >= 0 {
                sent += n
            } else if errno != EINTR && errno != EAGAIN {
                throw .system("write", errno)
            }
        }
    }

    /// Writes what the kernel takes at once, never waiting and never raising SIGPIPE; returns how
    /// many bytes it took (0 when its buffer is full).
    func writeNow(_ bytes: ArraySlice<UInt8>) throws(SocketError) -> Int {
        while true {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress!, raw.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if n >= 0 { return n }
            if errno == EAGAIN || errno == EWOULDBLOCK { return 0 }
            if errno != EINTR { throw .system("write", errno) }
        }
    }

    /// Wakes every thread blocked on this socket; reads then see end of stream.
    func shutdown() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    private static func ipv4Address(host: String, port: UInt16) throws(SocketError) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        if inet_pton(AF_INET, host, &address.sin_addr) == 1 { return address }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list, let found = first.pointee.ai_addr else {
            throw .unknownHost(host)
        }
        defer { freeaddrinfo(list) }
        found.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address.sin_addr = $0.pointee.sin_addr }
        return address
    }
}

/// Why a socket operation failed.
enum SocketError: Error, CustomStringConvertible {
    case system(String, Int32)
    case timedOut(String)
    case closed
    case unknownHost(String)
    case tooLong(Int)

    var description: String {
        switch self {
        case .system(let what, let code): "\(what): \(String(cString: strerror(code)))"
        case .timedOut(let what): "\(what): timed out"
        case .closed: "the peer closed the connection"
        case .unknownHost(let host): "unknown host \(host)"
        case .tooLong(let limit): "more than \(limit) bytes"
        }
    }
}
