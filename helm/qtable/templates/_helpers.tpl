{{/* Release-wide name: the release name, or release-chart when the release name lacks it. */}}
{{- define "qtable.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "qtable.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels shared by every object of the release. */}}
{{- define "qtable.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "qtable.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: qtable
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one service: (dict "root" $ "service" "auth"). */}}
{{- define "qtable.selectorLabels" -}}
app.kubernetes.io/name: {{ include "qtable.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* Name of a service's objects: <fullname>-<service>. */}}
{{- define "qtable.serviceName" -}}
{{- printf "%s-%s" (include "qtable.fullname" .root) .service -}}
{{- end -}}

{{- define "qtable.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "qtable.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image reference: digest first, else the tag (or appVersion); "latest" is refused. */}}
{{- define "qtable.image" -}}
{{- $image := .image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- $tag := default .root.Chart.AppVersion $image.tag | toString -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag must name a release, not \"latest\" (pin a version or a digest)" -}}
{{- end -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* A service's effective settings: defaults overridden by services.<name>, as YAML. */}}
{{- define "qtable.serviceValues" -}}
{{- $own := index .root.Values.services .service -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy $own)) -}}
{{- end -}}

{{/* The parsed route table (routes.yaml), checked: every route names a known backend. */}}
{{- define "qtable.routeTable" -}}
{{- $table := .Files.Get "routes.yaml" | fromYaml -}}
{{- if hasKey $table "Error" -}}
{{- fail (printf "routes.yaml: %s" $table.Error) -}}
{{- end -}}
{{- range $table.routes -}}
{{- if not (hasKey $table.backends .service) -}}
{{- fail (printf "routes.yaml: route %s names an unknown backend %q" .path .service) -}}
{{- end -}}
{{- if not (hasKey $.Values.services .service) -}}
{{- fail (printf "routes.yaml: route %s names %q, which is not in values.services" .path .service) -}}
{{- end -}}
{{- end -}}
{{- toYaml $table -}}
{{- end -}}
