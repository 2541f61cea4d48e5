//! The `dossier` command line: parses arguments and calls `dossier::cmd`.

use clap::{Parser, Subcommand};
use dossier::cmd;
use std::net::IpAddr;
use std::path::PathBuf;

/// Build a sourced, cross-linked static site from a folder of Markdown and data.
#[derive(Parser)]
#[command(name = "dossier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the whole site into the output folder (or change nothing on error).
    Build {
        /// The dossier's folder (where dossier.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: public/ in the root, or [build] output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site will be served from, e.g. https://example.org/dossier/.
        #[arg(long)]
        base_url: Option<String>,
        /// Include records marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Build the dossier as it could have been written on this day
        /// (YYYY-MM-DD), from the sources published by then.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Write into an output folder that holds files dossier did not
        /// write (they are kept; those at a page's path are overwritten).
        #[arg(long)]
        force: bool,
        /// The previous edition (a built site's folder or its
        /// data/dossier.json): what changed since is listed on /changes/.
        #[arg(long, value_name = "PATH")]
        previous: Option<PathBuf>,
        /// Render every page through Tera, none through the compiled
        /// built-in templates (for the tests that compare the two).
        #[arg(long, hide = true)]
        tera_only: bool,
    },
    /// Build, serve on this machine, rebuild on every change and reload the
    /// open pages.
    Serve {
        /// The dossier's folder (where dossier.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        interface: IpAddr,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include records marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Build the dossier as it could have been written on this day
        /// (YYYY-MM-DD), from the sources published by then.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// For tests: rebuild incrementally into OUTPUT once per line of input.
    #[command(hide = true)]
    RebuildSession {
        /// The dossier's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site.
        #[arg(long)]
        output: PathBuf,
        /// The site's address.
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// The edition as of this day.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Run every validation and write nothing.
    Check {
        /// The dossier's folder (where dossier.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to report.
        #[arg(long, value_enum, default_value = "human")]
        format: cmd::check::Format,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Include records marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Build the dossier as it could have been written on this day
        /// (YYYY-MM-DD), from the sources published by then.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Which records two editions add, remove and change, field by field.
    Diff {
        /// The older edition: a built site's folder or its data/dossier.json.
        old: PathBuf,
        /// The newer edition: a built site's folder or its data/dossier.json.
        new: PathBuf,
        /// How to report.
        #[arg(long, value_enum, default_value = "human")]
        format: cmd::diff::Format,
    },
    /// Create an event, actor, source or page from its title.
    New {
        /// What to create.
        #[arg(value_enum)]
        what: cmd::new::What,
        /// Its title (or name); the id is made from it.
        title: String,
        /// The event's or source's date [default: today].
        #[arg(long)]
        date: Option<String>,
        /// The dossier's folder (where dossier.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Preserve a copy of a source: copy FILE into captures/, hash it and
    /// record it under the source in data/sources.toml.
    Capture {
        /// The source's id in data/sources.toml.
        source_id: String,
        /// The copy: a text, HTML, MHTML or WARC file, a PDF, an image ...
        file: PathBuf,
        /// The address it was taken from [default: read from an MHTML or WARC file].
        #[arg(long)]
        url: Option<String>,
        /// When it was taken, RFC 3339 in UTC [default: read from an MHTML
        /// or WARC file, else the file's modification time].
        #[arg(long)]
        captured_at: Option<String>,
        /// What took it: hunchly, auto-archiver, wget, browser ...
        #[arg(long)]
        tool: Option<String>,
        /// The dossier's folder (where dossier.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a small working dossier into DIR, which must be empty or new.
    Init {
        /// Where to create the dossier.
        dir: PathBuf,
    },
}

fn main() {
    no_huge_pages();
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            as_of,
            force,
            previous,
            tera_only,
        } => cmd::build::run(
            &root,
            &cmd::Overrides {
                output,
                base_url,
                drafts,
                as_of,
                force,
                previous,
                tera_only,
            },
        ),
        Command::Diff { old, new, format } => cmd::diff::run(&old, &new, format),
        Command::Serve {
            root,
            interface,
            port,
            open,
            drafts,
            as_of,
        } => cmd::serve::run(cmd::serve::Options {
            root,
            interface,
            port,
            open,
            drafts,
            as_of,
        }),
        Command::New {
            what,
            title,
            date,
            root,
        } => cmd::new::run(&root, what, &title, date.as_deref()),
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Capture {
            source_id,
            file,
            url,
            captured_at,
            tool,
            root,
        } => cmd::capture::run(
            &root,
            &source_id,
            &file,
            &cmd::capture::Options {
                url: url.as_deref(),
                captured_at: captured_at.as_deref(),
                tool: tool.as_deref(),
            },
        ),
        Command::RebuildSession {
            root,
            output,
            base_url,
            drafts,
            as_of,
        } => cmd::serve::rebuild_session(
            &root,
            &output,
            cmd::Overrides {
                output: None,
                base_url,
                drafts,
                as_of,
                force: false,
                previous: None,
                tera_only: false,
            },
        ),
        Command::Check {
            root,
            format,
            strict,
            drafts,
            as_of,
        } => cmd::check::run(
            &root,
            format,
            strict,
            &cmd::Overrides {
                drafts,
                as_of,
                ..cmd::Overrides::default()
            },
        ),
    };
    exit(status);
}

/// Ends the process with `status`. On Unix the C library's exit handlers
/// are skipped: the only one is mimalloc's, which gives every page back to
/// the system one by one before the process ends (16 ms after a 10k-event
/// build), when ending it gives them all back at once.
fn exit(status: i32) -> ! {
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` ends the process at once; what it skips is the C
    // library's exit handlers and stdio buffers, and Rust's standard output
    // was flushed above (the only buffer the program writes to).
    unsafe {
        libc::_exit(status)
    }
    #[cfg(not(unix))]
    std::process::exit(status)
}

/// Asks Linux not to back this process's memory with transparent huge
/// pages. mimalloc asks for them (`MADV_HUGEPAGE`), and the kernel then
/// zeroes 2 MiB at each first touch. On a virtual machine whose host takes
/// back free memory, a fresh huge page costs several times what 512 small
/// pages do: measured on the project's machine, touching 320 MiB took
/// 0.65-0.82 s in huge pages against 0.14-0.22 s in small ones, and a
/// 10k-event build spent 0.9-1.2 s in the kernel against 0.45-0.52 s
/// without them, for no measurable change in its own time.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes no pointers; it sets a flag of this
    // process that later page faults read. A failure (an old kernel) leaves
    // things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

// A build makes and drops millions of small strings and maps (template
// contexts, views) on every core; mimalloc's per-thread heaps take a third
// off the CPU time of a 10k-event build against glibc's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
