//! The export dialog: pick a format, type the output path (a new file in
//! the current directory is proposed), optionally a pseudonymisation map,
//! then the export runs on a worker ([`crate::tui::export::ExportJob`]);
//! its progress shows in the status bar and its outcome when it is done.

use super::{App, Dialog, Focus, InputThen, PickThen};
use crate::formats::export::ExportFormat;
use crate::ops::export::{ExportFilter, ExportRequest};
use crate::tui::dialog::{PickItem, Picker, TextInput};
use crate::tui::export::{default_path, outcome_message, ExportJob, ExportScope};
use std::path::PathBuf;

impl App {
    /// `E` (anywhere) or `e` in the retrieve view: asks for the format.
    pub(super) fn start_export(&mut self) {
        if self.export_job.is_some() {
            self.message = Some("an export is already running".into());
            return;
        }
        let scope = match (&self.retrieve, self.focus) {
            (Some(r), Focus::Retrieve) => ExportScope::Code {
                id: r.code.clone(),
                name: r.title.clone(),
                subcodes: r.with_subcodes,
            },
            _ => ExportScope::All,
        };
        let title = match &scope {
            ExportScope::All => " Export all coded excerpts as… ".to_string(),
            ExportScope::Code { name, .. } => format!(
                " Export the excerpts of {} as… ",
                crate::core::sanitize::one_line(name)
            ),
        };
        let items = ExportFormat::ALL
            .iter()
            .map(|f| PickItem {
                label: f.extension().to_string(),
                detail: f.label().to_string(),
                color: None,
            })
            .collect();
        self.dialog = Some(Dialog::Pick {
            picker: Picker::new(title, items, false),
            keys: ExportFormat::ALL
                .iter()
                .map(|f| f.extension().to_string())
                .collect(),
            then: PickThen::ExportFormat(scope),
        });
    }

    pub(super) fn export_format_picked(&mut self, scope: ExportScope, key: &str) {
        let Some(format) = ExportFormat::ALL
            .iter()
            .copied()
            .find(|f| f.extension() == key)
        else {
            return;
        };
        let dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let path = default_path(&dir, self.store.path(), &scope, format);
        let shown = path
            .strip_prefix(&dir)
            .map(|p| p.to_path_buf())
            .unwrap_or(path);
        self.dialog = Some(Dialog::Input {
            input: TextInput::with(&shown.display().to_string()),
            title: format!(" Export to ({}) ", format.extension()),
            hint: "Enter: next · Esc: cancel · an existing file is not overwritten".into(),
            then: InputThen::ExportPath(scope, format),
        });
    }

    pub(super) fn export_path_entered(
        &mut self,
        scope: ExportScope,
        format: ExportFormat,
        path: String,
    ) {
        if path.is_empty() {
            self.message = Some("no file name: export cancelled".into());
            return;
        }
        self.dialog = Some(Dialog::Input {
            input: TextInput::default(),
            title: " Pseudonymisation map (optional) ".into(),
            hint: "CSV original,replacement[,category] · Enter with nothing: no pseudonymisation"
                .into(),
            then: InputThen::ExportMap(scope, format, PathBuf::from(path)),
        });
    }

    pub(super) fn export_map_entered(
        &mut self,
        scope: ExportScope,
        format: ExportFormat,
        output: PathBuf,
        map: String,
    ) {
        let mut req = ExportRequest::new(format, output);
        req.map = (!map.is_empty()).then(|| PathBuf::from(map));
        if let ExportScope::Code { id, subcodes, .. } = scope {
            req.filter = ExportFilter {
                codes: vec![id.0],
                subcodes,
                ..Default::default()
            };
        }
        let job = ExportJob::start(self.store.path(), req);
        self.message = Some(job.status());
        self.export_job = Some(job);
    }

    /// Takes the export worker's news; returns whether to redraw.
    pub(super) fn tick_export(&mut self) -> bool {
        let Some(job) = &mut self.export_job else {
            return false;
        };
        let before = job.status();
        match job.poll() {
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
