#!/usr/bin/env bash
# Runs one of the README's C# test examples the way a new user would: a project made by `dotnet new xunit`
# in a folder outside this repository (so none of its build rules, lock files or project references apply),
# our package taken from a local package feed by exact version, and the README's snippet pasted verbatim
# into a test method. Fails unless exactly that one test ran and passed.
#
# usage: fresh_project.sh README MARKER FEED VERSION DIR [PACKAGE]
#   MARKER: the snippet is the fenced block between <!-- MARKER --> and <!-- /MARKER --> in README.
#   PACKAGE: PhotoSettings.Testing (default), PhotoSettings.Testcontainers (which brings Testing with it), or
#            PhotoSettings.Aspire.Hosting (the project then becomes an AppHost, as Aspire's own test template makes it).
set -euo pipefail
readme=$(realpath "$1") marker=$2 feed=$3 version=$4 dir=$5 package=${6:-PhotoSettings.Testing}
repo=$(cd "$(dirname "$0")/.." && pwd)

snippet=$(bash "$repo/.ci/readme_snippet.sh" "$readme" "$marker")

# The test packages at the versions this repository's own tests use (the template's may be ones the feed lacks).
pinned() { sed -nE "s:.*<PackageVersion Include=\"$1\" Version=\"([^\"]+)\".*:\1:p" "$repo/Directory.Packages.props"; }

mkdir -p "$dir"
cd "$dir"
dotnet new xunit --name FreshConsumer --output . --no-restore > /dev/null
rm -f UnitTest1.cs
# Our packages only from the local feed (a same-named package on nuget.org can never stand in), the rest from nuget.org.
cat > nuget.config <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="photosettings-local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="photosettings-local">
      <package pattern="PhotoSettings.*" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF
dotnet remove package coverlet.collector > /dev/null
for test_package in xunit xunit.runner.visualstudio Microsoft.NET.Test.Sdk; do
  dotnet add package "$test_package" --version "$(pinned "$test_package")" --no-restore > /dev/null
done
dotnet add package "$package" --version "$version" --no-restore > /dev/null
usings=(System.Net.Http.Json PhotoSettings.Testing)
if [[ $package == PhotoSettings.Testcontainers ]]; then usings+=("$package"); fi
if [[ $package == PhotoSettings.Aspire.Hosting ]]; then
  # An Aspire test project is an AppHost (the SDK brings DCP, Aspire's orchestrator), testing with Aspire.Hosting.Testing.
  sed -i -E "s:<Project Sdk=\"Microsoft.NET.Sdk\">:<Project Sdk=\"Aspire.AppHost.Sdk/$(sed -nE 's:.*Aspire.AppHost.Sdk/([0-9.]+).*:\1:p' "$repo/tests/PhotoSettings.Aspire.Tests/PhotoSettings.Aspire.Tests.csproj")\">:" FreshConsumer.csproj
  for aspire_package in Aspire.Hosting.AppHost Aspire.Hosting.Testing Polly.Core Polly.Extensions Nerdbank.MessagePack; do
    dotnet add package "$aspire_package" --version "$(pinned "$aspire_package")" --no-restore > /dev/null
  done
  usings=(System.Net.Http.Json System.Text.Json Aspire.Hosting Aspire.Hosting.Testing PhotoSettings.Aspire.Hosting)
fi

{
  printf 'using %s;\n' "${usings[@]}"
  printf '\nnamespace FreshConsumer;\n\n'
  printf 'public sealed class ReadmeExampleTests\n{\n    [Fact]\n    public async Task TheReadmeExampleRuns()\n    {\n'
  printf '%s\n' "$snippet" | sed 's/^/        /'
  printf '    }\n}\n'
} > ReadmeExampleTests.cs

log=$dir/test.log
dotnet test 2>&1 | tee "$log"
grep -qE 'Passed! +- +Failed: +0, +Passed: +1, +Skipped: +0, +Total: +1' "$log" ||
  { echo "the README's $marker did not run as exactly one passing test"; exit 1; }
# PhotoSettings.Testing (which the Testcontainers package brings) keeps Skia's Windows debug symbols (283 MB) out of the
# consumer's output, and only them: the Windows library itself is still there.
if [[ $package != PhotoSettings.Aspire.Hosting ]]; then
  native=bin/Debug/net10.0/runtimes/win-x64/native
  [[ -f $native/libSkiaSharp.dll && ! -e $native/libSkiaSharp.pdb ]] ||
    { echo "the fresh project's $native should hold libSkiaSharp.dll and not libSkiaSharp.pdb"; ls -la "$native" || true; exit 1; }
fi
# What the project built goes once it has passed: a machine's disk is not ours alone.
rm -rf bin obj
