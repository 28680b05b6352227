#!/usr/bin/env bash
# Regenerates the NSwag and Kiota benchmark contenders from the OMS contract, with the tools pinned in the
# repository's tool manifest (.config/dotnet-tools.json): NSwag.ConsoleCore 14.8.0 and Microsoft.OpenApi.Kiota 1.38.0.
#
#   tests/Oms.Sdk.Benchmarks/Contenders/Generated/regenerate.sh [path/to/oms-openapi.yaml]
#
# The contract defaults to oms-openapi.yaml beside this script, the OMS contract as the project speaks it (or $OMS_OPENAPI).
# Both generators read oms-openapi.generators.yaml, a copy of the contract with one change (see its header); the script
# makes that copy again from the contract first, so the two never drift.
# Both generate internal types, so the generated code stays out of the project's public-type conventions.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
contract="${1:-${OMS_OPENAPI:-$here/oms-openapi.yaml}}"
[[ -f "$contract" ]] || { echo "regenerate.sh: no contract at $contract (pass its path, or set OMS_OPENAPI)" >&2; exit 2; }

cd "$root"
dotnet tool restore >/dev/null

# The simplified copy: CustomerEndorsement (oneOf EndorsementName | EndorsementDetail) removed and its one
# use pointed at EndorsementDetail. The header says why.
simplified="$here/oms-openapi.generators.yaml"
{
  cat "$here/oms-openapi.generators.header.txt"
  sed -e "s|'#/components/schemas/CustomerEndorsement'|'#/components/schemas/EndorsementDetail'|" \
      -e '/^    CustomerEndorsement:$/,/^    Customer:$/{/^    Customer:$/!d}' \
      "$contract"
} > "$simplified"
if grep -v '^#' "$simplified" | grep -q 'CustomerEndorsement'; then
  echo "regenerate.sh: the contract's CustomerEndorsement changed shape; update the simplification" >&2
  exit 1
fi

# NSwag/NSwagOmsClient.Hooks.cs is hand-written (the generated client's partial methods): only the .g.cs is replaced.
rm -rf "$here/Kiota"
rm -f "$here/NSwag/NSwagOmsClient.g.cs"
dotnet nswag openapi2csclient \
  /input:"$simplified" \
  /output:"$here/NSwag/NSwagOmsClient.g.cs" \
  /namespace:Oms.Sdk.Benchmarks.Contenders.Generated.NSwag \
  /classname:NSwagOmsClient \
  /ClientClassAccessModifier:internal \
  /TypeAccessModifier:internal \
  /JsonLibrary:SystemTextJson \
  /GenerateClientInterfaces:false \
  /UseBaseUrl:false \
  /InjectHttpClient:true \
  /GenerateOptionalParameters:true \
  /GenerateNullableReferenceTypes:true \
  /GenerateOptionalPropertiesAsNullable:true >/dev/null

KIOTA_OFFLINE_ENABLED=true dotnet kiota generate \
  --openapi "$simplified" \
  --language CSharp \
  --class-name KiotaOmsClient \
  --type-access-modifier Internal \
  --namespace-name Oms.Sdk.Benchmarks.Contenders.Generated.Kiota \
  --output "$here/Kiota" \
  --exclude-backward-compatible \
  --clean-output \
  --log-level Warning
# Kiota's lock file and log record this machine's paths and the run's warnings, not code.
rm -f "$here/Kiota/kiota-lock.json" "$here/Kiota/.kiota.log"
echo "regenerated: $here/NSwag, $here/Kiota"
