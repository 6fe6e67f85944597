import Foundation

/// Why a PDF or a .doc/.wps file could not be turned into something the plan reader reads.
/// `chineseDescription` is for the person who uploaded the file.
public enum DocumentConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// pdftotext (Debian `poppler-utils`) or LibreOffice (`libreoffice-writer-nogui`) is not installed.
    case programMissing(Program)
    case timedOut(Program, Duration)
    /// The program stopped with an error; `output` is the end of what it printed.
    case failed(Program, exitCode: Int32, output: String)
    /// The PDF needs a password to open.
    case encryptedPDF
    /// The PDF's permissions forbid copying its text.
    case copyingForbidden

    /// The outside programs that convert documents.
    public enum Program: String, Sendable {
        case pdftotext, libreOffice = "soffice"
    }

    public var description: String {
        switch self {
        case .programMissing(.pdftotext): "pdftotext is not installed (Debian package poppler-utils), so PDF files cannot be read"
        case .programMissing(.libreOffice): "LibreOffice is not installed (Debian package libreoffice-writer-nogui), so .doc and .wps files cannot be read"
        case .timedOut(let program, let limit): "\(program.rawValue) did not finish within \(limit.components.seconds) s"
        case .failed(let program, let exitCode, let output):
            "\(program.rawValue) failed (exit code \(exitCode))" + (output.isEmpty ? "" : ": \(output)")
        case .encryptedPDF: "the PDF is password-protected"
        case .copyingForbidden: "the PDF forbids copying its text"
        }
    }

    public var chineseDescription: String {
        switch self {
        case .programMissing(.pdftotext): "本系统未安装 PDF 文字提取工具，暂时无法读取 PDF；请上传 Word（.docx）版本"
        case .programMissing(.libreOffice), .failed(.libreOffice, _, _), .timedOut(.libreOffice, _):
            "无法转换这个 .doc/.wps 文件；请在 WPS 或 Word 中另存为 .docx 后上传"
        case .failed(.pdftotext, _, _), .timedOut(.pdftotext, _):
            "无法读取这个 PDF 文件的文字；请提供 Word 版或可复制文字的 PDF"
        case .encryptedPDF: "PDF 文件设有打开密码，无法读取；请取消密码或提供 Word 版"
        case .copyingForbidden: "PDF 文件设置了禁止复制文字，无法读取；请提供 Word 版或可复制文字的 PDF"
        }
    }
}

/// Turns the files the plan reader cannot read itself into ones it can: a PDF into the text
/// `pdftotext -layout` prints, a .doc or .wps into a DOCX saved by LibreOffice. Each conversion
/// runs the program in a private scratch directory with a timeout, killed with its children on
/// timeout or cancellation; it blocks its thread, so call it where blocking is fine (the plan
/// reader's own queue, a command line).
public struct DocumentConverter: Sendable {
    /// pdftotext: a path or a name on `PATH`; nil for `JUNHENG_PDFTOTEXT`, else `pdftotext` on `PATH`.
    public var pdftotext: String?
    /// LibreOffice: a path or a name on `PATH`; nil for `JUNHENG_SOFFICE`, else `soffice` or
    /// `libreoffice` on `PATH`.
    public var libreOffice: String?
    /// How long one conversion may take; LibreOffice needs a few seconds to start.
    public var timeout: Duration

    public init(pdftotext: String? = nil, libreOffice: String? = nil, timeout: Duration = .seconds(60)) {
        self.pdftotext = pdftotext
        self.libreOffice = libreOffice
        self.timeout = timeout
    }

    /// The text of a PDF as `pdftotext -layout -enc UTF-8` prints it: pages separated by form
    /// feeds, columns by runs of spaces.
    public func pdfLayoutText(_ pdf: Data, isCancelled: () -> Bool = { false }) throws -> Data {
        guard let program = ChildProcess.locate(pdftotext, environmentVariable: "JUNHENG_PDFTOTEXT", names: ["pdftotext"]) else {
            throw DocumentConversionError.programMissing(.pdftotext)
        }
        return try ChildProcess.withScratchDirectory(prefix: "junheng-pdftotext") { directory in
            let input = directory.appendingPathComponent("in.pdf"), output = directory.appendingPathComponent("out.txt")
            let log = directory.appendingPathComponent("pdftotext.log")
            try pdf.write(to: input)
            let exitCode = try run(
                .pdftotext, program, ["-layout", "-enc", "UTF-8", "-eol", "unix", input.path, output.path],
                log: log, isCancelled: isCancelled)
            let printed = ChildProcess.excerpt(ofLog: log)
            // pdftotext's exit codes: 1 the file could not be opened (a password), 3 permissions.
            if printed.localizedCaseInsensitiveContains("password") { throw DocumentConversionError.encryptedPDF }
            if exitCode == 3 || printed.contains("Copying of text") { throw DocumentConversionError.copyingForbidden }
            guard exitCode == 0, let text = try? Data(contentsOf: output) else {
                throw DocumentConversionError.failed(.pdftotext, exitCode: exitCode, output: printed)
            }
            return text
        }
    }

    /// The DOCX LibreOffice saves from a .doc or .wps file.
    public func docx(fromDoc document: Data, isCancelled: () -> Bool = { false }) throws -> Data {
        guard let program = ChildProcess.locate(libreOffice, environmentVariable: "JUNHENG_SOFFICE", names: ["soffice", "libreoffice"]) else {
            throw DocumentConversionError.programMissing(.libreOffice)
        }
        return try ChildProcess.withScratchDirectory(prefix: "junheng-soffice") { directory in
            let input = directory.appendingPathComponent("document.doc")
            let log = directory.appendingPathComponent("soffice.log")
            try document.write(to: input)
            let profile = directory.appendingPathComponent("profile", isDirectory: true)
            let exitCode = try run(
                .libreOffice, program,
                [
                    // A profile of its own: with a shared one, a second conversion would hand its file to the
                    // first LibreOffice still running and return at once without output.
                    "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nolockcheck",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", directory.path, input.path,
                ],
                log: log, isCancelled: isCancelled, home: directory)
            let output = directory.appendingPathComponent("document.docx")
            guard exitCode == 0, let docx = try? Data(contentsOf: output), !docx.isEmpty else {
                // LibreOffice warns about Java on every server: not the reason.
                throw DocumentConversionError.failed(
                    .libreOffice, exitCode: exitCode, output: ChildProcess.excerpt(ofLog: log, dropping: ["javaldx"]))
            }
            return docx
        }
    }

    private func run(
        _ kind: DocumentConversionError.Program, _ program: String, _ arguments: [String], log: URL,
        isCancelled: () -> Bool, home: URL? = nil
    ) throws -> Int32 {
        var environment = ProcessInfo.processInfo.environment
        if let home {
            // A service account often has no writable home; keep the program's caches in the scratch directory.
            environment["HOME"] = home.path
            environment["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
            environment["XDG_CACHE_HOME"] = home.appendingPathComponent("cache").path
        }
        do {
            return try ChildProcess(program, arguments: arguments, environment: environment, log: log.path)
                .waitBlocking(timeout: timeout, isCancelled: isCancelled)
        } catch ChildProcessError.timedOut(let limit) {
            throw DocumentConversionError.timedOut(kind, limit)
        } catch ChildProcessError.cannotStart {
            throw DocumentConversionError.programMissing(kind)
        }
    }
}
