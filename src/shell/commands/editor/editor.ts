/**
 * vim, vi and nano: the learner's own editor (through ToolContext.editor,
 * the host bridge of src/cli/editor.ts) on a copy of the simulated file,
 * written back to the simulated filesystem when the editor exits. A file
 * that does not exist yet is created only if something was written to it.
 * Several files are edited one after the other. In scripts there is no
 * terminal to show an editor on: the tool says so and fails, pointing at
 * the non-interactive ways to change a file.
 */
import { Output, resolvePath, type Tool, type ToolContext, type ToolResult } from "../../tool.js";

interface EditorTool {
  name: string;
  /** Options that take a value (`vim -c CMD`, `nano -T 4`), skipped with it. */
  valueOptions: string[];
  /** The message when the edited copy cannot be saved back. */
  writeError(path: string, reason: string): string;
}

/** Splits the arguments into files, skipping options (`-R`, `+10`, `-c cmd`). */
function fileArgs(args: string[], tool: EditorTool): string[] {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      files.push(...args.slice(i + 1));
      break;
    }
    if (tool.valueOptions.includes(a)) i++;
    else if (!a.startsWith("-") && !a.startsWith("+")) files.push(a);
  }
  return files;
}

function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/EACCES|permission/i.test(msg)) return "Permission denied";
  if (/ENOENT|no such file/i.test(msg)) return "No such file or directory";
  return msg;
}

async function editFile(ctx: ToolContext, tool: EditorTool, arg: string, out: Output): Promise<boolean> {
  const path = resolvePath(ctx.cwd, arg);
  const exists = await ctx.fs.exists(path);
  if (exists && (await ctx.fs.stat(path)).isDirectory) {
    out.errLine(`${tool.name}: ${arg}: Is a directory`);
    return false;
  }
  const before = exists ? await ctx.fs.readFile(path) : "";
  const after = await ctx.editor!.edit(path.split("/").pop() || arg, before);
  if (after === before) return true;
  try {
    await ctx.fs.writeFile(path, after);
  } catch (e) {
    out.errLine(tool.writeError(arg, reasonOf(e)));
    return false;
  }
  return true;
}

function editorTool(tool: EditorTool): Tool {
  return async (args, ctx): Promise<ToolResult> => {
    const out = new Output();
    if (!ctx.editor) {
      out.errLine(
        `${tool.name}: no terminal to open an editor on (this is a script): change files with sed -i, or write them with cat > FILE <<'EOF'`,
      );
      return out.result(1);
    }
    const files = fileArgs(args, tool);
    try {
      if (files.length === 0) {
        // An unnamed buffer: whatever is typed there has nowhere to go in the simulated machine.
        await ctx.editor.edit("untitled", "");
        return out.result(0);
      }
      let ok = true;
      for (const f of files) ok = (await editFile(ctx, tool, f, out)) && ok;
      return out.result(ok ? 0 : 1);
    } catch (e) {
      out.errLine(`${tool.name}: ${e instanceof Error ? e.message : String(e)}`);
      return out.result(1);
    }
  };
}

const VIM: Omit<EditorTool, "name"> = {
  valueOptions: ["-c", "--cmd", "-S", "-u", "-U", "-i", "-T", "-w", "-W", "-s", "-t", "-q"],
  writeError: (path) => `"${path}" E212: Can't open file for writing`,
};

export const vim: Tool = editorTool({ name: "vim", ...VIM });
export const vi: Tool = editorTool({ name: "vi", ...VIM });
export const nano: Tool = editorTool({
  name: "nano",
  valueOptions: ["-T", "--tabsize", "-Y", "--syntax", "-o", "--operatingdir", "-r", "--fill", "-X", "--wordchars", "-Q", "--quotestr"],
  writeError: (path, reason) => `[ Error writing ${path}: ${reason} ]`,
});
