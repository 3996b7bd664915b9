//! The export dialog: one form (see [`crate::tui::export::form`]) with the
//! format, the folder and file written to (beside the project unless the
//! user chooses another folder), and the filters the command line has. Its
//! answers are checked against the project before anything runs — a
//! mistyped coder, speaker, attribute, code or document, a missing folder
//! or map, an existing file keep the form open with the reason — then the
//! export runs on a worker ([`crate::tui::export::ExportJob`]); its
//! progress shows in the status bar and its outcome, with the whole path
//! written, when it is done.

use super::{App, Dialog, Focus};
use crate::ops;
use crate::tui::export::form::{ExportForm, Known};
use crate::tui::export::{outcome_message, ExportJob, ExportScope};
use crate::tui::jobs::JobEvent;
use std::path::{Path, PathBuf};

/// The folder beside the project, as an absolute path.
fn beside(project: &Path) -> PathBuf {
    let parent = project
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::path::absolute(&parent).unwrap_or(parent)
}

impl App {
    /// `E` (anywhere) or `e` in the retrieve view: the export form.
    pub(super) fn start_export(&mut self) {
        if self.export_job.is_some() {
            self.message = Some("an export is already running".into());
            return;
        }
        let scope = match (&self.retrieve, self.focus) {
            // A cell's passages are no code's: the analysis screen's `e`
            // writes the table itself.
            (Some(r), Focus::Retrieve) if !r.from_analysis => ExportScope::Code {
                id: r.code.clone(),
                name: r.title.clone(),
                subcodes: r.with_subcodes,
            },
            _ => ExportScope::All,
        };
        let known = self.known_for_export();
        let form = ExportForm::new(self.store.path(), beside(self.store.path()), scope, known)
            .encrypted(self.store.is_encrypted());
        self.dialog = Some(Dialog::Export(Box::new(form)));
    }

    /// What the project has, for the form's hints (nothing when reading fails).
    fn known_for_export(&self) -> Known {
        use ops::export::filter;
        Known {
            coders: filter::known_coders(&self.store).unwrap_or_default(),
            attributes: filter::known_attributes(&self.store)
                .map(|m| {
                    m.into_iter()
                        .map(|(k, v)| {
                            let more = if v.len() > 3 { ", …" } else { "" };
                            let values = v.into_iter().take(3).collect::<Vec<_>>().join(", ");
                            format!("{k} ({values}{more})")
                        })
                        .collect()
                })
                .unwrap_or_default(),
            speakers: filter::known_speakers(&self.store).unwrap_or_default(),
            documents: self.docs.iter().map(|d| d.name.clone()).collect(),
        }
    }

    /// Enter in the form: check the answers, then run the export.
    pub(super) fn export_form_submitted(&mut self, mut form: Box<ExportForm>) {
        match self.export_request(&form) {
            Ok(req) => {
                let job = ExportJob::start(self.store.project(), req, self.events.sender());
                self.message = Some(job.status());
                self.export_job = Some(job);
            }
            Err(e) => {
                form.error = Some(e);
                self.dialog = Some(Dialog::Export(form));
            }
        }
    }

    fn export_request(&self, form: &ExportForm) -> Result<ops::export::ExportRequest, String> {
        let mut req = form.request()?;
        let folder = form.folder();
        if !folder.is_dir() {
            return Err(format!(
                "Folder: {} is not a folder",
                crate::core::sanitize::one_line(&folder.display().to_string())
            ));
        }
        req.output = std::path::absolute(&req.output).unwrap_or(req.output);
        if req.output.exists() {
            return Err(format!(
                "File name: {} already exists; choose another name",
                crate::core::sanitize::one_line(&req.output.display().to_string())
            ));
        }
        if let Some(map) = &req.map {
            ops::export::load_map(map).map_err(|e| format!("Pseudonymise: {e}"))?;
        }
        ops::export::filter::check_all(&self.store, &req.filter).map_err(|e| {
            // The command line's option names, as the form's labels.
            let e = e.to_string();
            for (flag, label) in [
                ("--by ", "Coders: "),
                ("--speaker ", "Speakers: "),
                ("--where ", "Participants: "),
            ] {
                if let Some(rest) = e.strip_prefix(flag) {
                    return format!("{label}{rest}");
                }
            }
            e
        })?;
        Ok(req)
    }

    /// Takes the export job's news; returns whether to redraw.
    pub(super) fn export_news(&mut self, ev: JobEvent) -> bool {
        let Some(job) = &mut self.export_job else {
            return false;
        };
        let before = job.status();
        match job.apply(ev) {
            Some(outcome) => {
                self.message = Some(outcome_message(&outcome));
                self.export_job = None;
                true
            }
            None => job.status() != before,
        }
    }

    /// The progress line of a running export, for the status bar.
    pub fn export_status(&self) -> Option<String> {
        self.export_job.as_ref().map(ExportJob::status)
    }
}
