//! Keys bound to named commands. The registry of commands drives the help
//! screen and the footer hints, so what the user reads is what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask the viewer to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    FocusNext,
    Open,
    Back,
    Down,
    Up,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    NextTurn,
    PrevTurn,
    Top,
    Bottom,
    NextDocument,
    PrevDocument,
}

/// Where a command is described in the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    General,
    Documents,
    Reading,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::General => "General",
            Group::Documents => "Documents",
            Group::Reading => "Reading",
        }
    }
}

impl Command {
    /// The command's name, as a keymap file or the footer would spell it.
    pub fn name(self) -> &'static str {
        self.info().0
    }

    pub fn description(self) -> &'static str {
        self.info().1
    }

    pub fn group(self) -> Group {
        self.info().2
    }

    fn info(self) -> (&'static str, &'static str, Group) {
        use Command::*;
        use Group::*;
        match self {
            Quit => ("quit", "quit Gloss", General),
            Help => ("help", "show or hide this help", General),
            FocusNext => ("focus_next", "switch list ⇄ transcript", General),
            Open => ("open", "open the selected document", Documents),
            Back => ("back", "back to the document list", General),
            NextDocument => ("next_document", "open the next document", Documents),
            PrevDocument => ("prev_document", "open the previous document", Documents),
            Down => ("down", "down one line", Reading),
            Up => ("up", "up one line", Reading),
            PageDown => ("page_down", "down one page", Reading),
            PageUp => ("page_up", "up one page", Reading),
            HalfPageDown => ("half_page_down", "down half a page", Reading),
            HalfPageUp => ("half_page_up", "up half a page", Reading),
            NextTurn => ("next_turn", "next speaker turn", Reading),
            PrevTurn => ("prev_turn", "previous speaker turn", Reading),
            Top => ("top", "start of the document", Reading),
            Bottom => ("bottom", "end of the document", Reading),
        }
    }

    pub const ALL: [Command; 17] = [
        Command::Help,
        Command::Quit,
        Command::FocusNext,
        Command::Back,
        Command::Open,
        Command::NextDocument,
        Command::PrevDocument,
        Command::Down,
        Command::Up,
        Command::PageDown,
        Command::PageUp,
        Command::HalfPageDown,
        Command::HalfPageUp,
        Command::NextTurn,
        Command::PrevTurn,
        Command::Top,
        Command::Bottom,
    ];
}

/// A key as the keymap spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// Keys to commands, in the order the help lists them.
pub struct Keymap {
    bindings: Vec<(Key, Command)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Command::*;
        use KeyCode as K;
        let bindings = vec![
            (Key::plain(K::Char('?')), Help),
            (Key::plain(K::F(1)), Help),
            (Key::plain(K::Char('q')), Quit),
            (Key::ctrl('c'), Quit),
            (Key::plain(K::Tab), FocusNext),
            (Key::plain(K::Esc), Back),
            (Key::plain(K::Enter), Open),
            (Key::plain(K::Char(']')), NextDocument),
            (Key::plain(K::Char('[')), PrevDocument),
            (Key::plain(K::Char('j')), Down),
            (Key::plain(K::Down), Down),
            (Key::plain(K::Char('k')), Up),
            (Key::plain(K::Up), Up),
            (Key::plain(K::PageDown), PageDown),
            (Key::plain(K::Char(' ')), PageDown),
            (Key::ctrl('f'), PageDown),
            (Key::plain(K::PageUp), PageUp),
            (Key::plain(K::Char('b')), PageUp),
            (Key::ctrl('b'), PageUp),
            (Key::ctrl('d'), HalfPageDown),
            (Key::ctrl('u'), HalfPageUp),
            (Key::plain(K::Char('}')), NextTurn),
            (Key::plain(K::Char('J')), NextTurn),
            (Key::plain(K::Char('{')), PrevTurn),
            (Key::plain(K::Char('K')), PrevTurn),
            (Key::plain(K::Char('g')), Top),
            (Key::plain(K::Home), Top),
            (Key::plain(K::Char('G')), Bottom),
            (Key::plain(K::End), Bottom),
        ];
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn lookup(&self, ev: &KeyEvent) -> Option<Command> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        self.bindings
            .iter()
            .find(|(k, _)| k.code == ev.code && k.ctrl == ctrl)
            .map(|(_, c)| *c)
    }

    /// The keys bound to `cmd`, as labels.
    pub fn keys_for(&self, cmd: Command) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|(_, c)| *c == cmd)
            .map(|(k, _)| k.label())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_key_and_a_unique_name() {
        let km = Keymap::default();
        let mut names = std::collections::HashSet::new();
        for c in Command::ALL {
            assert!(!km.keys_for(c).is_empty(), "{} has no key", c.name());
            assert!(names.insert(c.name()), "duplicate name {}", c.name());
        }
    }

    #[test]
    fn shifted_letters_and_ctrl_are_distinct() {
        let km = Keymap::default();
        let key = |c, m| KeyEvent::new(KeyCode::Char(c), m);
        assert_eq!(
            km.lookup(&key('G', KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(km.lookup(&key('g', KeyModifiers::NONE)), Some(Command::Top));
        assert_eq!(
            km.lookup(&key('d', KeyModifiers::CONTROL)),
            Some(Command::HalfPageDown)
        );
        assert_eq!(km.lookup(&key('d', KeyModifiers::NONE)), None);
    }
}
