/**
 * kubectl completion: the boilerplate, then the script cobra v1.9.1
 * generates (completion-scripts.ts); and sourcing it in the shell the way
 * the exam's .bashrc does must be silent.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const BOILERPLATE = `
# Copyright 2016 The Kubernetes Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
`;

describe("kubectl completion", () => {
  const cluster = newCluster();

  it("bash: the boilerplate, then cobra's V2 script registering __start_kubectl", async () => {
    const r = await sh("kubectl completion bash", { cluster });
    expect(r.stdout.startsWith(BOILERPLATE + "# bash completion V2 for kubectl                              -*- shell-script -*-\n\n__kubectl_debug()\n")).toBe(true);
    // cobra v1.9's ActiveHelp handling (v1.8, in kubectl v1.32, lacked it).
    expect(r.stdout).toContain("\n__kubectl_handle_activeHelp() {\n");
    expect(r.stdout.endsWith('    complete -o default -o nospace -F __start_kubectl kubectl\nfi\n\n# ex: ts=4 sw=4 et filetype=sh\n')).toBe(true);
  });

  it("zsh, fish and powershell have their own scripts", async () => {
    const r = await sh("kubectl completion zsh | head -5; kubectl completion fish | sed -n 15p; kubectl completion powershell | tail -1", { cluster });
    expect(r.stdout).toBe(
      "#compdef kubectl\ncompdef _kubectl kubectl\n\n# Copyright 2016 The Kubernetes Authors.\n#\n# fish completion for kubectl                              -*- shell-script -*-\nRegister-ArgumentCompleter -CommandName 'kubectl' -ScriptBlock ${__kubectlCompleterBlock}\n",
    );
  });

  it("sourcing it and completing the k alias print nothing and fail nothing", async () => {
    const r = await sh("source <(kubectl completion bash); echo rc=$?; alias k=kubectl; complete -o default -F __start_kubectl k; echo rc=$?; type -t __start_kubectl", { cluster });
    expect(r).toMatchObject({ stdout: "rc=0\nrc=0\nfunction\n", stderr: "", exitCode: 0 });
  });

  it("errors, as the real kubectl words them", async () => {
    const r = await sh("kubectl completion; kubectl completion foo; kubectl completion bash zsh", { cluster });
    // Captured from the real kubectl (pkg/cmd/completion is unchanged from v1.32 to v1.34).
    expect(r.stderr).toBe(
      "error: Shell not specified.\nSee 'kubectl completion -h' for help and examples\nerror: Unsupported shell type \"foo\".\nSee 'kubectl completion -h' for help and examples\nerror: Too many arguments. Expected only the shell type.\nSee 'kubectl completion -h' for help and examples\n",
    );
  });
});
