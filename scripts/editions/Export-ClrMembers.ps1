<#
.SYNOPSIS
Writes the public types and member names of .NET Framework reference assemblies as compact JSON.

.DESCRIPTION
Makes test/fixtures/editions/clr2-members.json, the .NET 2.0 (CLR 2) surface the per-edition
static check holds Windows PowerShell 2.0 code to. Reads the reference assemblies of the NuGet
package Microsoft.NETFramework.ReferenceAssemblies.net20 (MIT) with System.Reflection.Metadata:
no assembly is loaded or run. For each public type: its base type, and the names of its public
static and instance members (methods, properties, fields, events; constructors are "new").

.EXAMPLE
pwsh -NoProfile -File scripts/editions/Export-ClrMembers.ps1 -AssemblyDirectory <package>/build/.NETFramework/v2.0 -OutFile test/fixtures/editions/clr2-members.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $AssemblyDirectory,
    [Parameter(Mandatory = $true)] [string] $OutFile,
    # The assemblies the generated scripts reach: the core library, System, XML, WMI, services, security.
    [string[]] $Assembly = @('mscorlib', 'System', 'System.Xml', 'System.Management', 'System.ServiceProcess', 'System.Security'),
    [string] $Source = 'Microsoft.NETFramework.ReferenceAssemblies.net20 1.0.3 (NuGet), MIT licence'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Get-TypeName {
    param($Reader, $Handle)
    switch ($Handle.Kind) {
        'TypeDefinition' {
            $def = $Reader.GetTypeDefinition([System.Reflection.Metadata.TypeDefinitionHandle]$Handle)
            $name = $Reader.GetString($def.Name)
            $declaring = $def.GetDeclaringType()
            if (-not $declaring.IsNil) { return (Get-TypeName $Reader ([System.Reflection.Metadata.EntityHandle]$declaring)) + '+' + $name }
            $ns = $Reader.GetString($def.Namespace)
            if ($ns) { return $ns + '.' + $name }
            return $name
        }
        'TypeReference' {
            $ref = $Reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$Handle)
            $name = $Reader.GetString($ref.Name)
            if ($ref.ResolutionScope.Kind -eq 'TypeReference') { return (Get-TypeName $Reader $ref.ResolutionScope) + '+' + $name }
            $ns = $Reader.GetString($ref.Namespace)
            if ($ns) { return $ns + '.' + $name }
            return $name
        }
        default { return $null }
    }
}

function Test-PublicType {
    param($Reader, $Definition)
    $visibility = $Definition.Attributes -band [System.Reflection.TypeAttributes]::VisibilityMask
    if ($visibility -eq [System.Reflection.TypeAttributes]::Public) { return $true }
    if ($visibility -ne [System.Reflection.TypeAttributes]::NestedPublic) { return $false }
    Test-PublicType $Reader ($Reader.GetTypeDefinition($Definition.GetDeclaringType()))
}

$types = [System.Collections.Generic.SortedDictionary[string, object]]::new([System.StringComparer]::Ordinal)
foreach ($name in $Assembly) {
    $file = [System.IO.Path]::Combine($AssemblyDirectory, $name + '.dll')
    $stream = [System.IO.File]::OpenRead($file)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
        foreach ($handle in $reader.TypeDefinitions) {
            $def = $reader.GetTypeDefinition($handle)
            if (-not (Test-PublicType $reader $def)) { continue }
            $typeName = Get-TypeName $reader ([System.Reflection.Metadata.EntityHandle]$handle)
            $static = [System.Collections.Generic.SortedSet[string]]::new([System.StringComparer]::Ordinal)
            $instance = [System.Collections.Generic.SortedSet[string]]::new([System.StringComparer]::Ordinal)
            $accessorNames = [System.Collections.Generic.HashSet[string]]::new()
            foreach ($mh in $def.GetMethods()) {
                $m = $reader.GetMethodDefinition($mh)
                $attributes = $m.Attributes
                if (($attributes -band [System.Reflection.MethodAttributes]::MemberAccessMask) -ne [System.Reflection.MethodAttributes]::Public) { continue }
                $methodName = $reader.GetString($m.Name)
                if ($methodName -eq '.ctor') { [void]$static.Add('new'); continue }
                if ($methodName -eq '.cctor') { continue }
                if ($attributes -band [System.Reflection.MethodAttributes]::Static) { [void]$static.Add($methodName) } else { [void]$instance.Add($methodName) }
            }
            foreach ($ph in $def.GetProperties()) {
                $p = $reader.GetPropertyDefinition($ph)
                $accessors = $p.GetAccessors()
                $getter = $accessors.Getter
                if ($getter.IsNil) { $getter = $accessors.Setter }
                $m = $reader.GetMethodDefinition($getter)
                if (($m.Attributes -band [System.Reflection.MethodAttributes]::MemberAccessMask) -ne [System.Reflection.MethodAttributes]::Public) { continue }
                $propertyName = $reader.GetString($p.Name)
                if ($m.Attributes -band [System.Reflection.MethodAttributes]::Static) { [void]$static.Add($propertyName) } else { [void]$instance.Add($propertyName) }
            }
            foreach ($fh in $def.GetFields()) {
                $f = $reader.GetFieldDefinition($fh)
                if (($f.Attributes -band [System.Reflection.FieldAttributes]::FieldAccessMask) -ne [System.Reflection.FieldAttributes]::Public) { continue }
                $fieldName = $reader.GetString($f.Name)
                if ($f.Attributes -band [System.Reflection.FieldAttributes]::Static) { [void]$static.Add($fieldName) } else { [void]$instance.Add($fieldName) }
            }
            foreach ($eh in $def.GetEvents()) {
                $e = $reader.GetEventDefinition($eh)
                [void]$instance.Add($reader.GetString($e.Name))
            }
            $base = $null
            if (-not $def.BaseType.IsNil) { $base = Get-TypeName $reader $def.BaseType }
            # Accessor methods (get_X, add_X) are reached through their property or event.
            $static.RemoveWhere({ param($n) $n -match '^(get|set|add|remove)_' -and $static.Contains($n.Substring($n.IndexOf('_') + 1)) }) | Out-Null
            $instance.RemoveWhere({ param($n) $n -match '^(get|set|add|remove)_' -and $instance.Contains($n.Substring($n.IndexOf('_') + 1)) }) | Out-Null
            $entry = [ordered]@{}
            if ($base) { $entry.b = $base }
            if ($static.Count) { $entry.s = [string]::Join(' ', $static) }
            if ($instance.Count) { $entry.i = [string]::Join(' ', $instance) }
            $types[$typeName] = $entry
        }
    }
    finally { $stream.Dispose() }
}
$out = [ordered]@{
    source = $Source
    assemblies = $Assembly
    licence = 'MIT License. Copyright (c) Microsoft Corporation. Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions: The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.'
    types = $types
}
$json = ConvertTo-Json -InputObject $out -Depth 4 -Compress
[System.IO.File]::WriteAllText($OutFile, $json + "`n", (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false))
'{0} types' -f $types.Count
