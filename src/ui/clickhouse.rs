//! The ClickHouse engine's driver, loaded on connect (a wasm chunk of its own in
//! the split build): it drives the core's sans-IO session
//! ([`crate::core::engine::clickhouse::session`]). The session says which query to
//! send next and digests each answer (connecting, each view's page, stats,
//! histogram and count, live refresh's look, an entry, an export); the driver sends
//! each query, sleeps where the session says, feeds the results back and sets the
//! [`Server`]'s signals, which the explorer's components read. A newer view cancels
//! the requests of the older one.
//!
//! Every query passes the source's gate (it stays on the server the admin opened);
//! the password is the token kept for that server's realm, added to each request
//! to it and nowhere else (to its URL, or with `auth=basic` in an
//! `Authorization: Basic` header). The source's redaction goes with it: every row
//! read becomes a masked dataset, and the server searches, filters, counts and
//! sorts masked text.

use crate::core::dataset::Dataset;
use crate::core::engine::Ask;
use crate::core::engine::clickhouse::connect::{Connect, ConnectError, Connecting};
use crate::core::engine::clickhouse::export::Export;
use crate::core::engine::clickhouse::fault::{Fault, QueryError};
use crate::core::engine::clickhouse::news::Checked;
use crate::core::engine::clickhouse::query::Query;
use crate::core::engine::clickhouse::reading::Reading;
use crate::core::engine::clickhouse::session::Session;
use crate::core::engine::clickhouse::slot::{Part, Slot, Step, TYPING_MS};
use crate::core::engine::clickhouse::view::View;
use crate::core::engine::clickhouse::{ChSource, Compact, answer};
use crate::core::engine::memory::histogram::Histogram;
use crate::core::explain::compare::Compare;
use crate::core::ingest::progress::{LoadState, Phase, Progress};
use crate::core::kind::Overrides;
use crate::core::query::FilterSpec;
use crate::core::source::Source;
use crate::core::source::keyring::Keyring;
use crate::core::time::Zone;
use crate::core::trust::redact::Redaction;
use crate::platform::fetch::{self, Abort, FetchError};
use crate::ui::server::{
    Arrived, Driver, Host, RemoteExport, Server, ServerExport, breakdown_key, chain_key, split_key,
};
use crate::ui::shared::Shared;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// One connection's session (none until the table is open).
#[derive(Clone, Default)]
pub struct ChDriver {
    session: Rc<RefCell<Option<Session>>>,
}

impl ChDriver {
    /// `f` on the open session (None before it is open).
    fn with<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        self.session.borrow_mut().as_mut().map(f)
    }
}

/// Where a [`Reading`]'s result goes: under the question it answers (`Ok(None)`:
/// the table cannot answer it).
type Into<K, T> = RwSignal<Option<(K, Result<Option<T>, String>)>>;

impl ChDriver {
    /// Sends the reading `make` gives for the view asked last (its queries in turn,
    /// then each query the answers so far call for) and puts the result under
    /// `key` into `into`.
    fn read_into<H: Host, K: Send + Sync + 'static, R: Reading + 'static>(
        &self,
        data: H,
        into: Into<K, R::Out>,
        key: K,
        make: impl FnOnce(&mut Session) -> Option<R>,
    ) where
        R::Out: Send + Sync + 'static,
    {
        let Some((src, reading)) = self.with(|s| (s.table().source().clone(), make(s))) else {
            return;
        };
        let Some(reading) = reading else {
            return into.set(Some((key, Ok(None))));
        };
        let keys = data.keyring();
        spawn_local(async move {
            let mut answers = send_each(&src, &keys, reading.queries()).await;
            // Then what the answers so far call for, until none or one fails.
            let mut read: Vec<Compact> = answers
                .iter()
                .map_while(|a| a.as_ref().ok().cloned())
                .collect();
            while read.len() == answers.len()
                && let Some(q) = reading.next(&read)
            {
                let a = send(&src, &keys, &q, None).await;
                if let Ok(c) = &a {
                    read.push(c.clone());
                }
                answers.push(a);
            }
            let read = reading.digest(answers).map(Some).map_err(|e| e.message);
            into.set(Some((key, read)));
        });
    }
}

/// Sends `queries` one after the other, until one fails: their answers in order.
async fn send_each(
    src: &ChSource,
    keys: &Keyring,
    queries: &[Query],
) -> Vec<Result<Compact, Fault>> {
    let mut answers = Vec::with_capacity(queries.len());
    for query in queries {
        let a = send(src, keys, query, None).await;
        let failed = a.is_err();
        answers.push(a);
        if failed {
            break;
        }
    }
    answers
}

/// Sends `q` to `src` with the token `keys` hold for its realm; `abort` stops it
/// in the browser (with a slot, the server replaces the older query of that slot
/// still running: an aborted fetch does not stop it there).
async fn send(
    src: &ChSource,
    keys: &Keyring,
    q: &Query,
    abort: Option<&Abort>,
) -> Result<Compact, Fault> {
    // Through the gate: the query stays on the server the admin opened, and only
    // that server's password goes with it.
    let cleared = src
        .gate
        .follow(&src.request_url(&q.params))
        .map_err(Fault::Gate)?;
    let token = keys.for_request(&cleared).unwrap_or_default();
    let (request, headers) = match src.authorization(token) {
        Some(basic) => (cleared, vec![("Authorization".into(), basic)]),
        None if !src.basic && !token.is_empty() => {
            (cleared.with_param("password", token), Vec::new())
        }
        None => (cleared, Vec::new()),
    };
    let (status, body) =
        fetch::post_text(&request, &q.sql.text, &headers, abort, answer::MAX_ANSWER)
            .await
            // The fault names the source only: the URL with the password is never shown.
            .map_err(|e| match e {
                FetchError::Network { detail, .. } => Fault::unreachable(src, &detail),
                FetchError::Body { detail, .. } => Fault::cut_off(src, &detail),
                FetchError::Redirect { .. } => Fault::redirected(src),
                FetchError::Aborted => Fault::Aborted,
            })?;
    Fault::read(status, &body)
}

/// An export of every row of the view, read from ClickHouse a chunk at a time.
struct ChExport {
    src: ChSource,
    keys: Keyring,
    export: Export,
    abort: Option<Abort>,
}

impl RemoteExport for ChExport {
    fn next(&mut self) -> Pin<Box<dyn Future<Output = Result<Option<Dataset>, QueryError>> + '_>> {
        Box::pin(async move {
            let Some(q) = self.export.next() else {
                return Ok(None);
            };
            let result = send(&self.src, &self.keys, &q, self.abort.as_ref()).await;
            self.export.digest(&q, result).map(Some)
        })
    }

    fn abort(&self) -> Option<Abort> {
        self.abort.clone()
    }
}

/// One view's requests: what each slot's task needs.
struct Run<H: Host> {
    server: Server<H>,
    driver: ChDriver,
    data: H,
    /// The view's job: its answers count while it is current.
    id: u64,
    src: ChSource,
    keys: Keyring,
    abort: Option<Abort>,
    view: View,
}

/// Sends the queries of `slot` in a task of its own, then lands its answer.
fn run_slot<H: Host>(run: Rc<Run<H>>, mut slot: Slot) {
    let this = run.server;
    this.busy.update(|n| *n += 1);
    this.issued.update(|n| *n += 1);
    spawn_local(async move {
        if slot.waits() {
            // Keys typed in a burst make one query, not one per key.
            crate::platform::sleep(TYPING_MS).await;
            if !this.current(run.id) {
                return;
            }
        }
        let done = loop {
            let result = send(&run.src, &run.keys, slot.next(), run.abort.as_ref()).await;
            // A newer view reset the count of requests in flight.
            if !this.current(run.id) {
                return;
            }
            match slot.digest(result) {
                Step::Send => {}
                Step::After(ms) => {
                    crate::platform::sleep(ms).await;
                    if !this.current(run.id) {
                        return;
                    }
                }
                done => break done,
            }
        };
        // The total, the facets and the histogram read every matching row: they
        // start once the page is in, so the rows come first.
        if *slot.part() == Part::Page {
            let rest = run
                .driver
                .with(|s| run.view.rest(s.left_mut()))
                .unwrap_or_default();
            for next in rest {
                run_slot(run.clone(), next);
            }
        }
        this.busy.update(|n| *n = n.saturating_sub(1));
        match done {
            Step::Answered(a) => {
                // The page's rows go to the table; the rest changes the answer.
                let changes = *slot.part() != Part::Page;
                let landed = this
                    .answer
                    .try_maybe_update(|x| {
                        let landed = run
                            .driver
                            .with(|s| run.view.land(s.left_mut(), slot.part(), &a, x));
                        (changes && landed.is_some(), landed)
                    })
                    .flatten();
                let Some(landed) = landed else {
                    return;
                };
                if let Some(rows) = landed.rows {
                    run.data.dataset().set(rows);
                }
                if let Some(entries) = landed.entries {
                    run.data.state().update(|s| s.summary.entries = entries);
                }
                if let Some(next) = landed.then {
                    run_slot(run, next);
                }
            }
            Step::Failed { fault, error } => {
                if let Some(message) = fault.needs_token(&error) {
                    run.data.state().update(|s| {
                        s.phase = Phase::Failed {
                            message,
                            needs_token: true,
                            status: fault.status(),
                        }
                    });
                }
                this.error.set(Some(error));
            }
            _ => {}
        }
    });
}

impl<H: Host> Driver<H> for ChDriver {
    fn connect(
        &self,
        server: Server<H>,
        data: H,
        source: Source,
        is_current: Rc<dyn Fn() -> bool>,
    ) {
        let url = source.url;
        let src = match ChSource::parse(&url).and_then(|s| s.cleared_by(source.gate, &url)) {
            Ok(s) => s,
            Err(e) => return data.fail(&url, e.to_string()),
        };
        data.state().set(LoadState {
            url: src.label(),
            phase: Phase::Loading(Progress::default()),
            ..Default::default()
        });
        let me = self.clone();
        let mut connect = Connect::new(src.clone(), source.redact);
        spawn_local(async move {
            crate::platform::yield_now().await;
            // A widget host's provider gives the password, as for any endpoint.
            data.ask_token().await;
            if !is_current() {
                return;
            }
            let mut keys = data.keyring();
            let mut step = Connecting::Send;
            let table = loop {
                step = match step {
                    Connecting::Send => {
                        let Some(q) = connect.next() else {
                            return;
                        };
                        let result = send(&src, &keys, &q, None).await;
                        connect.digest(result)
                    }
                    Connecting::AskToken => {
                        let given = data.ask_token().await && is_current();
                        if given {
                            keys = data.keyring();
                        }
                        connect.token(given)
                    }
                    Connecting::Connected(table) => break table,
                    Connecting::Failed(e) => {
                        if !is_current() {
                            return;
                        }
                        return match e {
                            ConnectError::NoColumns { ref label, .. } => {
                                data.fail(label, e.to_string())
                            }
                            e => data.state().update(|s| {
                                s.phase = Phase::Failed {
                                    message: e.to_string(),
                                    needs_token: e.needs_token(),
                                    status: e.status(),
                                }
                            }),
                        };
                    }
                }
            };
            if !is_current() {
                return;
            }
            *me.session.borrow_mut() = Some(Session::new(*table, server.tab()));
            data.state().set(LoadState {
                url: src.label(),
                phase: Phase::Done,
                ..Default::default()
            });
            server.connected.set(true);
            data.schedule_refresh();
        });
    }

    fn refresh(&self, server: Server<H>, data: H) {
        let asked = self.with(|s| s.last().is_some()).unwrap_or(false);
        if server.busy.get_untracked() > 0 || !asked {
            return data.schedule_refresh();
        }
        server.mark_refresh();
        server.tick.update(|t| *t += 1);
    }

    fn view(&self, server: Server<H>, data: H, ask: Ask) {
        if ask.context.is_some() {
            // Live refresh walks around the entry again, then arms the next one.
            let refresh = server.take_refresh();
            return self.around(server, data, ask, refresh);
        }
        if server.take_refresh() {
            self.check(server, data, ask)
        } else {
            self.query(server, data, ask)
        }
    }

    fn fetch_entry(&self, server: Server<H>, data: H, key: String, fence: FilterSpec) {
        let Some((src, entry)) = self
            .with(|s| Some((s.table().source().clone(), s.entry(&key, &fence)?)))
            .flatten()
        else {
            return;
        };
        let Some(query) = entry.query().cloned() else {
            return server.fetched.set(Some((key, None)));
        };
        let keys = data.keyring();
        spawn_local(async move {
            let found = match entry.digest(send(&src, &keys, &query, None).await) {
                Ok(found) => found.map(Shared::new),
                Err(e) => {
                    server.error.set(Some(e));
                    None
                }
            };
            server.fetched.set(Some((key, found)));
        });
    }

    fn differ(&self, server: Server<H>, data: H, c: Compare) {
        self.read_into(data, server.differences, c, |s| s.differing(&c));
    }

    fn field_stats(&self, server: Server<H>, data: H, path: String) {
        self.read_into(data, server.field_stats, path.clone(), |s| {
            s.field_stats(&path)
        });
    }

    fn group(&self, server: Server<H>, data: H, by: Vec<String>, distinct: Option<String>) {
        let key = breakdown_key(&by, distinct.as_deref());
        let d = distinct.as_deref();
        self.read_into(data, server.breakdowns, key, |s| s.grouping(&by, d));
    }

    fn mark_first(&self, server: Server<H>, data: H, ids: Vec<String>) {
        let asked = ids.join("\n");
        self.read_into(data, server.first_marks, asked, |s| s.first_marks(&ids));
    }

    fn follow(&self, server: Server<H>, data: H, key: String, fence: FilterSpec, window_ms: i64) {
        let asked = chain_key(&key, window_ms);
        self.read_into(data, server.chains, asked, |s| {
            s.chaining(&key, &fence, window_ms)
        });
    }

    fn split(&self, server: Server<H>, data: H, path: String, bars: Shared<Histogram>, zone: Zone) {
        let key = split_key(&path, &bars);
        self.read_into(data, server.splits, key, |s| {
            s.splitting(&path, &bars, zone)
        });
    }

    fn count(
        &self,
        server: Server<H>,
        data: H,
        queries: Vec<String>,
        fence: FilterSpec,
        kinds: Overrides,
    ) {
        let Some((src, counting)) = self
            .with(|s| {
                Some((
                    s.table().source().clone(),
                    s.counting(&fence, &queries, &kinds)?,
                ))
            })
            .flatten()
        else {
            return;
        };
        let keys = data.keyring();
        spawn_local(async move {
            let result = match counting.query().cloned() {
                Some(query) => Some(send(&src, &keys, &query, None).await),
                None => None,
            };
            let counts = counting.digest(result).map_err(|e| e.message);
            server.counted.set(Some((queries, counts)));
        });
    }

    fn export(&self, data: H) -> Option<ServerExport> {
        let (src, export) = self
            .with(|s| Some((s.table().source().clone(), s.export()?)))
            .flatten()?;
        Some(Box::new(ChExport {
            src,
            keys: data.keyring(),
            export,
            abort: Abort::new(),
        }))
    }

    fn redaction(&self) -> Option<Redaction> {
        self.with(|s| s.table().redaction().clone())
    }
}

impl ChDriver {
    /// Counts the view and its rows newer than the newest shown; when the view
    /// changed, it is queried again (same page, sort and open entry) and what
    /// is new is announced. The next refresh is armed either way.
    fn check<H: Host>(&self, server: Server<H>, data: H, ask: Ask) {
        let Some((src, news)) = self.with(|s| (s.table().source().clone(), s.news(ask))) else {
            return;
        };
        let id = server.job_id();
        let keys = data.keyring();
        let me = self.clone();
        spawn_local(async move {
            let result = send(&src, &keys, news.query(), None).await;
            // The admin changed the view meanwhile: that answer is the fresh one.
            if server.current(id) {
                let shown = server.answer.with_untracked(|x| x.total);
                let checked = me.with(|s| news.digest(result, s.left_mut(), shown));
                match checked {
                    Some(Checked::Moved {
                        ask,
                        news,
                        newer,
                        before,
                    }) => {
                        // The explorer may move the page along with what came
                        // before it: the view is then asked again by that change.
                        let moved = newer > 0 && data.arrived(Arrived::Counted { newer, before });
                        if !moved {
                            me.query(server, data, *ask);
                        }
                        if let Some(news) = news {
                            data.announce().set(news);
                        }
                    }
                    // What is shown stays; the next refresh tries again.
                    Some(Checked::Failed(message)) => data.announce().set(message),
                    _ => {}
                }
            }
            data.schedule_refresh();
        });
    }

    /// Show in context: the entry and the rows either side of it (see
    /// [`Context`](crate::core::engine::clickhouse::context::Context)), cancelling the previous view's requests; the rows go to the
    /// table and the window to [`Server::around`].
    fn around<H: Host>(&self, server: Server<H>, data: H, ask: Ask, refresh: bool) {
        let id = server.cancel();
        let Some((src, Some(mut walk))) =
            self.with(|s| (s.table().source().clone(), s.context(&ask)))
        else {
            return;
        };
        let at = ask.context.clone();
        server.error.set(None);
        server.busy.set(1);
        server.issued.set(1);
        server.asked_at.set(crate::platform::perf_now());
        let keys = data.keyring();
        spawn_local(async move {
            // A context opened first (a link) counts what the view could show.
            if server.answer.with_untracked(|a| a.all.is_none()) {
                let n = walk.counted(send(&src, &keys, &walk.count(), None).await);
                if let Some(n) = n.filter(|_| server.current(id)) {
                    server.answer.update(|a| a.all = Some(n));
                    data.state().update(|s| s.summary.entries = n);
                }
            }
            let walked = async {
                let Some(q) = walk.anchor() else {
                    return Ok(None);
                };
                let Some((before, after)) = walk.pages(send(&src, &keys, &q, None).await)? else {
                    return Ok(None);
                };
                let before = send(&src, &keys, &before, None).await;
                let after = send(&src, &keys, &after, None).await;
                walk.window(before, after).map(Some)
            }
            .await;
            if refresh {
                data.schedule_refresh();
            }
            if !server.current(id) {
                return;
            }
            server.busy.set(0);
            let window = match walked {
                Ok(Some((rows, window))) => {
                    server.answer.update(|a| {
                        a.total = Some(rows.len());
                        a.facets.clear();
                        a.histogram = None;
                        a.notes.clear();
                    });
                    data.dataset().set(rows);
                    Some(Shared::new(window))
                }
                Ok(None) => None,
                Err(e) => {
                    server.error.set(Some(e));
                    None
                }
            };
            if let Some(at) = at {
                server.around.set(Some((at, window)));
            }
        });
    }

    /// Answers `ask` with `data`'s token, cancelling the previous view's requests.
    fn query<H: Host>(&self, server: Server<H>, data: H, ask: Ask) {
        let id = server.cancel();
        let abort = Abort::new();
        let Some((src, view)) = self.with(|s| (s.table().source().clone(), s.view(ask))) else {
            return;
        };
        server.set_abort(abort.clone());
        server.error.set(None);
        server.answer.update(|a| view.begin(a));
        server.busy.set(0);
        server.issued.set(0);
        server.asked_at.set(crate::platform::perf_now());
        let page = view.page();
        let run = Rc::new(Run {
            server,
            driver: self.clone(),
            data,
            id,
            src,
            keys: data.keyring(),
            abort,
            view,
        });
        run_slot(run, page);
    }
}
