//! The passphrase screen: an encrypted project opened in the viewer with
//! no passphrase given asks for it on a screen of its own, before the
//! viewer starts. The input is masked (one `•` a character), a wrong
//! passphrase is said on the screen and asked again, three tries in all;
//! Esc or Ctrl-c gives up. The passphrase is tried through `ops` (the
//! screen never touches the project itself) and held in zeroed memory.

use crate::ops::project::Key;
use crate::ops::{self, Store};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::backend::Backend;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::{Frame, Terminal};
use std::path::Path;
use zeroize::Zeroizing;

/// How many passphrases the screen takes before it gives up.
pub const TRIES: usize = 3;

/// The state of the screen: the masked input and what was said last.
pub struct Unlock {
    name: String,
    input: Zeroizing<String>,
    tries_left: usize,
    said: Option<String>,
}

/// What a key did on the screen.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    Typing,
    /// Enter: try this passphrase.
    Submit,
    /// Esc or Ctrl-c.
    Cancel,
}

impl Unlock {
    pub fn new(path: &Path) -> Unlock {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Unlock {
            name: crate::core::sanitize::one_line(&name),
            input: Zeroizing::new(String::new()),
            tries_left: TRIES,
            said: None,
        }
    }

    /// Applies one key.
    pub fn key(&mut self, k: KeyEvent) -> Step {
        if k.kind == KeyEventKind::Release {
            return Step::Typing;
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => Step::Cancel,
            KeyCode::Char('c') if ctrl => Step::Cancel,
            KeyCode::Char('u') if ctrl => {
                self.input.clear();
                Step::Typing
            }
            KeyCode::Enter => Step::Submit,
            KeyCode::Backspace => {
                self.input.pop();
                Step::Typing
            }
            KeyCode::Char(c) if !ctrl => {
                self.input.push(c);
                Step::Typing
            }
            _ => Step::Typing,
        }
    }

    /// Pasted text goes into the input (a passphrase manager's paste).
    pub fn paste(&mut self, text: &str) {
        self.input
            .extend(text.chars().filter(|c| *c != '\n' && *c != '\r'));
    }

    /// The typed passphrase, taken out of the input.
    fn take(&mut self) -> Key {
        let key = Key::new(self.input.as_str().to_string());
        self.input.clear();
        key
    }

    /// A passphrase was refused: say why; `false` when no try is left.
    fn refused(&mut self, why: String) -> bool {
        self.tries_left = self.tries_left.saturating_sub(1);
        self.said = Some(match self.tries_left {
            0 => why,
            1 => format!("{why} — 1 try left"),
            n => format!("{why} — {n} tries left"),
        });
        self.tries_left > 0
    }

    pub fn draw(&self, f: &mut Frame) {
        let area = centered(f.area(), 60, 7);
        f.render_widget(Clear, area);
        let block = Block::bordered().title(" Encrypted project ");
        let inner = block.inner(area);
        f.render_widget(block, area);
        let dots: String = "•".repeat(self.input.chars().count());
        let lines = vec![
            Line::from(format!("{} is encrypted.", self.name)),
            Line::from(""),
            Line::from(format!("Passphrase: {dots}")),
            Line::from(""),
            match &self.said {
                Some(s) => Line::styled(s.clone(), Style::new().add_modifier(Modifier::BOLD)),
                None => Line::from("Enter to open · Esc to quit"),
            },
        ];
        f.render_widget(Paragraph::new(lines), inner);
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// Runs the screen on `terminal` until the project opens (the passphrase
/// tried with `open`) or the user gives up; `events` yields the terminal's
/// events. A wrong passphrase is said and asked again, three tries in all;
/// any other error ends the screen with that error.
pub fn ask<B: Backend>(
    terminal: &mut Terminal<B>,
    path: &Path,
    events: &mut dyn FnMut() -> std::io::Result<Event>,
    open: &mut dyn FnMut(&Key) -> ops::Result<Store>,
) -> anyhow::Result<Store>
where
    B::Error: Send + Sync + 'static,
{
    let mut screen = Unlock::new(path);
    loop {
        terminal.draw(|f| screen.draw(f))?;
        let step = match events()? {
            Event::Key(k) => screen.key(k),
            Event::Paste(text) => {
                screen.paste(&text);
                Step::Typing
            }
            _ => Step::Typing,
        };
        match step {
            Step::Typing => {}
            Step::Cancel => {
                anyhow::bail!("{}: not opened (no passphrase given)", path.display())
            }
            Step::Submit => {
                let key = screen.take();
                if key.is_empty() {
                    screen.said = Some("type the passphrase, then Enter".into());
                    continue;
                }
                match open(&key) {
                    Ok(store) => return Ok(store),
                    Err(ops::Error::Store(ops::project::StoreError::WrongPassphrase {
                        ..
                    })) => {
                        if !screen.refused("wrong passphrase".into()) {
                            terminal.draw(|f| screen.draw(f))?;
                            anyhow::bail!(
                                "wrong passphrase for {} ({TRIES} tries); nothing was changed",
                                path.display()
                            );
                        }
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
}
