//! `refract lsp` end to end: the real binary over its stdin and stdout, as an editor runs it.

use std::io::{BufReader, Write};
use std::process::{Command, Stdio};

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};

#[test]
fn refract_lsp_speaks_the_protocol_over_stdio() {
    let dir = tempfile::tempdir().unwrap();
    // A folder of its own inside the temporary one: the schema's files are found as Prisma's
    // language server finds them, upwards while the parent folder holds `.prisma` files, so a
    // stray `.prisma` file in the system's temporary folder would join this schema.
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    let path = project.join("schema.prisma");
    let text = "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id Int @id\n  email Strin\n}\n";
    std::fs::write(&path, text).unwrap();
    let uri = format!("file://{}", path.display());

    let mut child = Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |m: Message| {
        m.write(&mut stdin).unwrap();
        stdin.flush().unwrap();
    };
    let mut receive = |wanted: &dyn Fn(&Message) -> bool| -> Message {
        loop {
            let m = Message::read(&mut stdout)
                .unwrap()
                .expect("the server answers");
            if wanted(&m) {
                return m;
            }
        }
    };
    let response_to = |id: i32| move |m: &Message| matches!(m, Message::Response(r) if r.id == RequestId::from(id));

    send(Request::new(1.into(), "initialize".into(), json!({ "capabilities": {} })).into());
    let Message::Response(init) = receive(&response_to(1)) else {
        unreachable!()
    };
    let init = init.response_result.unwrap();
    assert_eq!(init["serverInfo"]["name"], "refract");
    assert_eq!(init["capabilities"]["documentFormattingProvider"], true);
    send(Notification::new("initialized".into(), json!({})).into());

    send(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "textDocument": { "uri": uri, "languageId": "prisma", "version": 1, "text": text } }),
    )
    .into());
    let Message::Notification(published) = receive(
        &|m| matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics"),
    ) else {
        unreachable!()
    };
    let diagnostics = published.params["diagnostics"].as_array().unwrap().clone();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(
        diagnostics[0]["message"],
        "Type \"Strin\" is neither a built-in type, nor refers to another model, composite type, or enum."
    );
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 6, "character": 8 })
    );

    send(
        Request::new(
            2.into(),
            "textDocument/completion".into(),
            json!({ "textDocument": { "uri": uri }, "position": { "line": 6, "character": 13 } }),
        )
        .into(),
    );
    let Message::Response(completion) = receive(&response_to(2)) else {
        unreachable!()
    };
    let items = completion.response_result.unwrap()["items"].clone();
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["String"]);

    send(Request::new(
        3.into(),
        "textDocument/formatting".into(),
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    )
    .into());
    let Message::Response(formatting) = receive(&response_to(3)) else {
        unreachable!()
    };
    let edits: Value = formatting.response_result.unwrap();
    assert!(
        edits[0]["newText"]
            .as_str()
            .unwrap()
            .contains("  id    Int   @id\n  email Strin\n"),
        "{edits}"
    );

    send(Request::new(4.into(), "shutdown".into(), Value::Null).into());
    receive(&response_to(4));
    send(Notification::new("exit".into(), Value::Null).into());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}
