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

    /// `remind on`: write the files and load them.
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
        for (path, text) in &install.files {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder)
                    .with_context(|| format!("cannot create {}", folder.display()))?;
            }
            safe_write::write(path, Existing::Replace, &KeptFiles::of(paths), |out| {
                Ok(out.write_all(text.as_bytes())?)
            })?;
            writeln!(out, "Wrote {}", path.display())?;
        }
        for command in &install.commands {
            run(command)?;
        }
        writeln!(out, "Reminder on.")?;
        Ok(())
    }

    /// `remind off`: unload and delete what `install` wrote.
    pub fn uninstall(&self, out: &mut impl Write) -> Result<()> {
        let Some((path, _)) = self.installed()? else {
            writeln!(out, "Reminder: already off ({}).", self.off_hint())?;
            return Ok(());
        };
        match self {
            Scheduler::Systemd => {
                run(&systemctl(&["disable", "--now", units::TIMER]))?;
                let folder = systemd_folder()?;
                for name in [units::TIMER, units::SERVICE] {
                    remove(&folder.join(name))?;
                }
                run(&systemctl(&["daemon-reload"]))?;
            }
            Scheduler::Launchd => {
                run(&launchctl("unload", &path))?;
                remove(&path)?;
            }
            Scheduler::Cron => {}
        }
        writeln!(out, "Reminder off: removed {}.", path.display())?;
        Ok(())
    }

    /// The installed timer or agent, and its text, when the reminder is on.
    pub fn installed(&self) -> Result<Option<(PathBuf, String)>> {
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
        Ok(Some((path, text)))
    }

    /// How the reminder is switched on with this scheduler.
    pub fn off_hint(&self) -> &'static str {
        match self {
            Scheduler::Systemd | Scheduler::Launchd => "`winddown remind on` switches it on",
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

fn remove(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}
