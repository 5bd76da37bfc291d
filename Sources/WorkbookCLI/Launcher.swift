import Foundation

/// The one place the workbook starts another program: `swift build` and `swift test` (a check,
/// `verify`), git and tar (`reset`, `verify`'s committed stubs), docc and the workbook itself
/// (`book`). A program is found on the PATH through `/usr/bin/env`.
enum Launcher {
    /// A finished program's exit status and what it wrote.
    typealias Captured = (status: Int32, output: String, error: String)

    /// Runs `arguments` in `folder`, its output and errors going to `log` (after what is there if
    /// `append`); returns its exit status. A nil `environment` is this process's.
    static func run(
        _ arguments: [String], in folder: URL, environment: [String: String]? = nil, log: URL, append: Bool = false
    ) throws -> Int32 {
        if !append || !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        try handle.seekToEnd()
        let process = self.process(arguments, in: folder, environment: environment)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs `arguments` in `folder` with no input; returns its exit status, its output and its
    /// errors. A nil `environment` is this process's.
    static func capture(_ arguments: [String], in folder: URL, environment: [String: String]? = nil) throws -> Captured
    {
        let process = self.process(arguments, in: folder, environment: environment)
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read the error pipe on the side so neither pipe can fill up and stall the process.
        let errorData = ErrorBuffer()
        let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: data, as: UTF8.self),
            String(decoding: errorData.wait(), as: UTF8.self)
        )
    }

    private static func process(_ arguments: [String], in folder: URL, environment: [String: String]?) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if let environment { process.environment = environment }
        return process
    }

    /// The error pipe's bytes, handed from the thread that reads them.
    private final class ErrorBuffer: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()
        func set(_ data: Data) {
            self.data = data
            done.signal()
        }
        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
