/// The CLI's one error convention: a command throws a `WorkbookError` with a message and the
/// exit status to end with, and ``CLI`` prints it once, as `workbook <command>: <message>`
/// (`workbook: <message>` when the command line named no command).
///
/// Exit status 2 means the command line asks for something that does not exist or makes no
/// sense (an unknown command, exercise, demo or scenario, a flag's bad value, a missing operand);
/// 1 means the command could not do its work. Any other error a command throws is printed the
/// same way and ends with 1.
struct WorkbookError: Error, CustomStringConvertible {
    /// The exit status of a command line the workbook cannot act on.
    static let usageStatus: Int32 = 2
    /// The exit status of a command that failed.
    static let failureStatus: Int32 = 1

    /// The message, in one line (or a few), saying what to do next where there is something to do.
    let description: String
    let exitStatus: Int32

    /// A failure: the command could not do its work (exit status 1).
    init(_ description: String) {
        self.init(description, exitStatus: Self.failureStatus)
    }

    init(_ description: String, exitStatus: Int32) {
        self.description = description
        self.exitStatus = exitStatus
    }

    /// A command line the workbook cannot act on (exit status 2).
    static func usage(_ description: String) -> WorkbookError {
        WorkbookError(description, exitStatus: usageStatus)
    }

    /// `error` as the CLI reports it: itself if it is a `WorkbookError`, else its description
    /// as a failure.
    static func from(_ error: any Error) -> WorkbookError {
        error as? WorkbookError ?? WorkbookError("\(error)")
    }

    /// What the CLI prints for it, after `command` ran (nil: no command was named).
    func report(command: String?) -> String {
        "workbook\(command.map { " \($0)" } ?? ""): \(description)"
    }
}
