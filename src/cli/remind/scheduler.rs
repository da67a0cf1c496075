//! The system's schedulers: which one this machine runs, and installing,
//! removing and printing the reminder for each. All of them run as the user.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use directories::BaseDirs;

use crate::kept::KeptFiles;
use crate::paths::Paths;
use crate::remind::units::{self, Invocation};
use crate::safe_write::{self, Existing};

/// Where the reminder's wakes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scheduler {
    /// A systemd user timer and service (`systemctl --user`).
    Systemd,
    /// A launchd agent (`launchctl`), on macOS.
    Launchd,
    /// A crontab line, printed for you to add.
    Cron,
}

/// Whether the scheduler runs an installed reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Live {
    /// Enabled (systemd) or loaded (launchd).
    Yes,
    /// The files are there, but the scheduler does not run them.
    No,
    /// The scheduler could not be asked: why.
    Unknown(String),
}

/// A reminder whose files are installed.
#[derive(Debug, Clone)]
pub struct Installed {
    /// The timer or agent file.
    pub path: PathBuf,
    /// The text of the unit that holds the command (for its `--before`).
    pub text: String,
    /// Whether the scheduler runs it.
    pub live: Live,
}

/// Files to write and the commands that load them.
struct Install {
    files: Vec<(PathBuf, String)>,
    commands: Vec<Vec<String>>,
}

impl Scheduler {
    /// The scheduler this machine runs: launchd on macOS, systemd where it
    /// booted the machine (it keeps `/run/systemd/system`), else cron.
    pub fn detect() -> Scheduler {
        if cfg!(target_os = "macos") {
            Scheduler::Launchd
        } else if cfg!(target_os = "linux") && Path::new("/run/systemd/system").is_dir() {
            Scheduler::Systemd
        } else {
            Scheduler::Cron
        }
    }

    /// `remind --print`: exactly what `remind on` would write and run.
    pub fn print(
        &self,
        invocation: &Invocation,
        paths: &Paths,
        out: &mut impl Write,
    ) -> Result<()> {
        match self.install_plan(invocation, paths)? {
            None => {
                writeln!(
                    out,
                    "# No systemd user manager or launchd to use here: add this line with \
                     `crontab -e` (winddown never edits your crontab)."
                )?;
                let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").ok();
                writeln!(out, "{}", units::crontab_line(invocation, bus.as_deref()))?;
            }
            Some(install) => {
                writeln!(
                    out,
                    "# `winddown remind on` would write these files and run these commands."
                )?;
                for (path, text) in &install.files {
                    writeln!(out, "\n# {}\n{}", path.display(), text.trim_end())?;
                }
                writeln!(out)?;
                for command in &install.commands {
                    writeln!(out, "{}", command.join(" "))?;
                }
            }
        }
        Ok(())
    }

    /// `remind on`: write the files and load them. When a file or a command fails,
    /// the files written are removed again (and the scheduler told), and the error
    /// says so, or says exactly which were left.
    pub fn install(
        &self,
        invocation: &Invocation,
        paths: &Paths,
        out: &mut impl Write,
    ) -> Result<()> {
        let Some(install) = self.install_plan(invocation, paths)? else {
            bail!(
                "no systemd user manager or launchd to install the reminder into; \
                 `winddown remind --print` gives a crontab line to add with `crontab -e`"
            );
        };
        let mut written = Vec::new();
        let installed = install.files.iter().try_for_each(|(path, text)| {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder)
                    .with_context(|| format!("cannot create {}", folder.display()))?;
            }
            safe_write::write(path, Existing::Replace, &KeptFiles::of(paths), |out| {
                Ok(out.write_all(text.as_bytes())?)
            })?;
            written.push(path.clone());
            Ok(())
        });
        let loaded =
            installed.and_then(|()| install.commands.iter().try_for_each(|command| run(command)));
        if let Err(err) = loaded {
            let left = self.take_back(&written);
            return Err(err.context(left));
        }
        for path in &written {
            writeln!(out, "Wrote {}", path.display())?;
        }
        writeln!(out, "Reminder on.")?;
        Ok(())
    }

    /// Removes `written` after a failed install, and tells the scheduler (as far as it
    /// can be reached); what became of them, in words.
    fn take_back(&self, written: &[PathBuf]) -> String {
        let left: Vec<String> = written
            .iter()
            .filter_map(|path| remove(path).err().map(|err| format!("{err:#}")))
            .collect();
        if *self == Scheduler::Systemd && !written.is_empty() {
            // It may have read the files before the failure; unreachable, it read nothing.
            let _ = run(&systemctl(&["daemon-reload"]));
        }
        let names = written
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(" and ");
        match (written.is_empty(), left.is_empty()) {
            (true, _) => "the reminder is not on; nothing was left behind".to_string(),
            (false, true) => {
                format!("the reminder is not on; nothing was left behind (removed {names})")
            }
            (false, false) => format!(
                "the reminder is not on, and files were left behind: {}",
                left.join("; ")
            ),
        }
    }

    /// `remind off`: unload and delete what `install` wrote, whichever scheduler it
    /// was written for. A scheduler that cannot be reached is said, and its files are
    /// removed all the same: with them gone nothing will run the reminder.
    pub fn uninstall(&self, out: &mut impl Write) -> Result<()> {
        let mut removed = Vec::new();
        let mut unreachable = Vec::new();
        let folder = systemd_folder()?;
        let units = [folder.join(units::TIMER), folder.join(units::SERVICE)];
        if units.iter().any(|unit| unit.exists()) {
            if let Err(err) = run(&systemctl(&["disable", "--now", units::TIMER])) {
                unreachable.push(format!("{err:#}"));
            }
            for unit in units.iter().filter(|unit| unit.exists()) {
                remove(unit)?;
                removed.push(unit.display().to_string());
            }
            if let Err(err) = run(&systemctl(&["daemon-reload"])) {
                unreachable.push(format!("{err:#}"));
            }
        }
        let agent = launchd_agent_path()?;
        if agent.exists() {
            if let Err(err) = run(&launchctl("unload", &agent)) {
                unreachable.push(format!("{err:#}"));
            }
            remove(&agent)?;
            removed.push(agent.display().to_string());
        }
        if removed.is_empty() {
            writeln!(out, "Reminder: already off ({}).", self.off_hint())?;
            return Ok(());
        }
        writeln!(out, "Reminder off: removed {}.", removed.join(" and "))?;
        if let Some(trouble) = unreachable.first() {
            writeln!(
                out,
                "The scheduler could not be told ({trouble}); with the files gone, nothing runs the reminder."
            )?;
        }
        Ok(())
    }

    /// The installed timer or agent and its text, and whether the scheduler has it
    /// running; `None` when no file of winddown's is installed for this scheduler.
    pub fn installed(&self) -> Result<Option<Installed>> {
        let (path, unit) = match self {
            Scheduler::Systemd => {
                let folder = systemd_folder()?;
                (folder.join(units::TIMER), folder.join(units::SERVICE))
            }
            Scheduler::Launchd => {
                let agent = launchd_agent_path()?;
                (agent.clone(), agent)
            }
            Scheduler::Cron => return Ok(None),
        };
        if !path.exists() {
            return Ok(None);
        }
        let text = fs::read_to_string(&unit).unwrap_or_default();
        let live = match self {
            Scheduler::Systemd => enabled(&systemctl(&["is-enabled", units::TIMER])),
            Scheduler::Launchd => enabled(&[
                "launchctl".to_string(),
                "list".to_string(),
                units::LAUNCHD_LABEL.to_string(),
            ]),
            Scheduler::Cron => Live::Unknown(String::new()),
        };
        Ok(Some(Installed { path, text, live }))
    }

    /// How the reminder is switched on with this scheduler.
    pub fn off_hint(&self) -> &'static str {
        match self {
            Scheduler::Systemd | Scheduler::Launchd => "`winddown remind on` switches it on",
            Scheduler::Cron if cfg!(windows) => {
                "Windows has no scheduler winddown installs into: see `winddown remind on`"
            }
            Scheduler::Cron => {
                "with cron, `winddown remind --print` gives the line to add with `crontab -e`"
            }
        }
    }

    fn install_plan(&self, invocation: &Invocation, paths: &Paths) -> Result<Option<Install>> {
        Ok(match self {
            Scheduler::Systemd => {
                let folder = systemd_folder()?;
                Some(Install {
                    files: vec![
                        (folder.join(units::TIMER), units::systemd_timer()),
                        (
                            folder.join(units::SERVICE),
                            units::systemd_service(invocation),
                        ),
                    ],
                    commands: vec![
                        systemctl(&["daemon-reload"]),
                        systemctl(&["enable", "--now", units::TIMER]),
                    ],
                })
            }
            Scheduler::Launchd => {
                let agent = launchd_agent_path()?;
                let errors = paths.data.join("remind.err");
                Some(Install {
                    files: vec![(agent.clone(), units::launchd_agent(invocation, &errors))],
                    commands: vec![launchctl("load", &agent)],
                })
            }
            Scheduler::Cron => None,
        })
    }
}

fn systemd_folder() -> Result<PathBuf> {
    let base = BaseDirs::new().context("cannot find your home folder")?;
    Ok(base.config_dir().join("systemd").join("user"))
}

fn launchd_agent_path() -> Result<PathBuf> {
    let base = BaseDirs::new().context("cannot find your home folder")?;
    Ok(base
        .home_dir()
        .join("Library/LaunchAgents")
        .join(format!("{}.plist", units::LAUNCHD_LABEL)))
}

fn systemctl(args: &[&str]) -> Vec<String> {
    ["systemctl", "--user"]
        .iter()
        .chain(args)
        .map(|arg| (*arg).to_string())
        .collect()
}

fn launchctl(verb: &str, agent: &Path) -> Vec<String> {
    vec![
        "launchctl".to_string(),
        verb.to_string(),
        "-w".to_string(),
        agent.display().to_string(),
    ]
}

fn run(command: &[String]) -> Result<()> {
    let Some((program, args)) = command.split_first() else {
        return Ok(());
    };
    let output = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("cannot run `{}`", command.join(" ")))?;
    if !output.status.success() {
        bail!(
            "`{}` failed ({}): {}",
            command.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// Asks the scheduler whether it runs the reminder: `command` succeeds when it does,
/// fails with its own words when it cannot be reached.
fn enabled(command: &[String]) -> Live {
    let Some((program, args)) = command.split_first() else {
        return Live::Unknown(String::new());
    };
    match Command::new(program).args(args).output() {
        Ok(output) if output.status.success() => Live::Yes,
        // `is-enabled` answers "disabled" (or the like) on its output when it could ask.
        Ok(output) if !String::from_utf8_lossy(&output.stdout).trim().is_empty() => Live::No,
        Ok(output) => Live::Unknown(
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .next()
                .unwrap_or("no answer")
                .trim()
                .to_string(),
        ),
        Err(err) => Live::Unknown(format!("cannot run {program}: {err}")),
    }
}

fn remove(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}
